import { describe, expect, it } from "vitest";
import { NUMBER_LIMITS, numberProblem, rangeMessage, readNumberText, scaledNumberSchema } from "./limits";
import { scoreLimit } from "./evaluations";

describe("number limits", () => {
  const progress = NUMBER_LIMITS.physicalProgress;

  it("names the range as the user sees it", () => {
    expect(rangeMessage(progress)).toBe("「形象进度」应在 0% 至 100% 之间");
    expect(rangeMessage({ label: "得分", min: 0, max: 1.5, unit: "分", decimals: 2, fixed: true })).toBe("「得分」应在 0 至 1.50 分之间");
    expect(rangeMessage(NUMBER_LIMITS.investedWan)).toBe("「累计完成投资」不能小于 0 万元");
  });

  it("refuses a value out of range instead of clamping it", () => {
    expect(numberProblem(progress, 150)).toBe("「形象进度」应在 0% 至 100% 之间");
    expect(numberProblem(progress, -1)).toBe("「形象进度」应在 0% 至 100% 之间");
    expect(numberProblem(progress, 100)).toBeNull();
    expect(numberProblem(progress, 0)).toBeNull();
    expect(numberProblem(progress, null)).toBeNull();
  });

  it("refuses text that is no number and says what to type", () => {
    expect(numberProblem(progress, "abc")).toBe("「形象进度」应填写阿拉伯数字（0% 至 100%）");
    expect(numberProblem(NUMBER_LIMITS.investedWan, "一百万")).toBe("「累计完成投资」应填写阿拉伯数字（不小于 0 万元）");
    expect(numberProblem(progress, "1e2")).not.toBeNull();
    expect(numberProblem(progress, "")).toBeNull();
  });

  it("refuses more decimals than allowed instead of rounding them", () => {
    expect(numberProblem(progress, 12.345)).toBe("「形象进度」最多保留 2 位小数");
    expect(numberProblem({ label: "每县区抽取小区数", min: 1, max: 1000, decimals: 0 }, 2.5)).toBe("「每县区抽取小区数」应为整数");
    expect(numberProblem(progress, 0.29)).toBeNull(); // 0.29 × 100 is 28.999… in floating point
  });

  it("reads full-width digits and thousands separators, nothing looser", () => {
    expect(readNumberText("１２．５")).toEqual({ ok: true, value: 12.5 });
    expect(readNumberText("1,234.5")).toEqual({ ok: true, value: 1234.5 });
    expect(readNumberText("12,34")).toEqual({ ok: false });
    expect(readNumberText(" 7 ")).toEqual({ ok: true, value: 7 });
  });

  it("a leaf's score above its 分值 gets the server's own message", () => {
    const limit = scoreLimit("管理制度健全性", 150);
    expect(numberProblem(limit, 9)).toBe("「管理制度健全性」的得分不能超过分值 1.5 分");
    expect(numberProblem(limit, -0.5)).toBe("「得分」应在 0 至 1.50 分之间");
    expect(numberProblem(limit, 1.5)).toBeNull();
  });

  it("the server's schema refuses with the same message, on the stored scale", () => {
    const schema = scaledNumberSchema(progress, 100);
    expect(schema.safeParse(10000).success).toBe(true);
    const r = schema.safeParse(15000);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toBe("「形象进度」应在 0% 至 100% 之间");
  });
});
