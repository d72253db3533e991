/**
 * `wenxiao jobs run`: runs the scheduled jobs that are due now, once (the server runs them every minute
 * unless WENXIAO_JOBS=0; a run already done by an instance is skipped). `wenxiao outbox list`: what
 * the mail or SMS gateway has to send.
 */
import os from "node:os";
import { InvalidArgumentError, type Command } from "commander";
import { parseDate } from "../core/dates";
import { JOBS, runDueJobs } from "../server/jobs";
import { listOutbox } from "../server/modules/notifications/service";
import type { Database } from "../db/open";
import { CliError } from "./output";

export interface JobCliDeps {
  withDb<T>(fn: (d: Database) => Promise<T>): Promise<T>;
  printTable(headers: string[], rows: string[][]): void;
}

/** A Beijing date (2022-07-01: its first minute) or an ISO instant. */
const atArg = (v: string) => {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(v) ? parseDate(v) : null;
  const t = day ? new Date(`${day}T00:00:00+08:00`) : new Date(v);
  if (Number.isNaN(t.getTime())) throw new InvalidArgumentError(`「${v}」不是有效时间，应为 2022-07-01（北京时间当日）或 2022-07-01T08:00:00+08:00`);
  return t;
};

const limitArg = (v: string) => {
  if (!/^\d{1,4}$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`「${v}」不是有效条数，应为 1 至 9999 的整数`);
  return Number(v);
};

const STATUS_LABEL = { ran: "已运行", skipped: "已由其他实例运行，跳过", failed: "失败" } as const;

export function registerJobCommands(program: Command, deps: JobCliDeps) {
  const jobs = program.command("jobs").description("定时任务（每日整改逾期检查等）").helpOption("-h, --help", "显示帮助");
  jobs
    .command("run")
    .description("立即运行到期的定时任务（同一批次只运行一次，已运行的跳过）")
    .option("--at <time>", "按此时间运行（北京时间日期如 2022-07-01，或 ISO 时间），默认当前时间", atArg)
    .option("--json", "以 JSON 输出")
    .action(async (o: { at?: Date; json?: boolean }) => {
      await deps.withDb(async (d) => {
        const results = await runDueJobs(d.db, JOBS, { now: o.at ?? new Date(), instance: `cli:${os.hostname()}:${process.pid}` });
        if (o.json) return void console.log(JSON.stringify(results, null, 2));
        if (results.length === 0) return void console.log("没有到期的定时任务");
        deps.printTable(
          ["任务", "批次", "结果", "内容"],
          results.map((r) => [r.job, r.runKey ?? "—", STATUS_LABEL[r.status], r.status === "ran" ? JSON.stringify(r.outcome) : r.status === "failed" ? r.error : ""]),
        );
        if (results.some((r) => r.status === "failed")) throw new CliError("有定时任务运行失败，已回滚，下次检查时将重试");
      });
    });

  const outbox = program.command("outbox").description("待发送的邮件、短信（供网关读取）").helpOption("-h, --help", "显示帮助");
  outbox
    .command("list")
    .description("列出发件箱，新的在前")
    .option("--unsent", "只列出尚未发送的")
    .option("--limit <n>", "最多列出条数（默认 200）", limitArg)
    .option("--json", "以 JSON 输出")
    .action(async (o: { unsent?: boolean; limit?: number; json?: boolean }) => {
      await deps.withDb(async (d) => {
        const rows = await listOutbox(d.db, { unsentOnly: o.unsent ?? false, limit: o.limit ?? 200 });
        if (o.json) return void console.log(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return void console.log(o.unsent ? "发件箱中没有待发送的消息" : "发件箱为空");
        const when = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().replace("T", " ").slice(0, 16);
        deps.printTable(
          ["编号", "渠道", "收件人", "主题", "生成时间", "状态", "尝试次数"],
          rows.map((r) => [String(r.id), r.channel === "mail" ? "邮件" : "短信", r.recipient, r.subject, when(r.createdAt), r.sentAt ? `已发送 ${when(r.sentAt)}` : r.lastError ? `失败：${r.lastError}` : "待发送", String(r.attempts)]),
        );
      });
    });
}
