import { describe, expect, it } from "vitest";
import { cliHarness } from "../test/cli";

const { wenxiao } = cliHarness("wenxiao-cli-jobs-", { timeout: 180000 });

describe("wenxiao jobs and outbox", () => {
  it("jobs run: a day's run happens once, a second run of that Beijing day is skipped", async () => {
    const first = await wenxiao(["jobs", "run", "--at", "2022-07-01", "--json"]);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toEqual([{ job: "rectification.overdue", runKey: "2022-07-01", status: "ran", outcome: { date: "2022-07-01", markedOverdue: 0, reminded: 0, notifications: 0 } }]);
    const again = await wenxiao(["jobs", "run", "--at", "2022-07-01T23:00:00+08:00"]);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain("已由其他实例运行，跳过");
  });

  it("refuses a time it cannot read, in Chinese", async () => {
    const r = await wenxiao(["jobs", "run", "--at", "昨天"]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain("不是有效时间");
  });

  it("outbox list: empty before any notification, as text and as JSON", async () => {
    const text = await wenxiao(["outbox", "list", "--unsent"]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain("发件箱中没有待发送的消息");
    expect(JSON.parse((await wenxiao(["outbox", "list", "--json"])).out)).toEqual([]);
  });
});
