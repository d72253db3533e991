/**
 * The daily rectification job (整改逾期检查), run once per Beijing date by server/jobs: items past their
 * deadline and not submitted become overdue (逾期) with an event in their history and a notification to
 * the owner and the finding's author; items due within 7 days get one reminder (整改期限临近).
 */
import { and, eq, gte, inArray, isNull, lt, lte } from "drizzle-orm";
import type { DbOrTx } from "../../../db/open";
import { findings, rectificationEvents, rectificationItems, users } from "../../../db/schema";
import { formatDateCn, type IsoDate } from "../../../core/dates";
import { DEPARTMENT_LABEL } from "../../../core/rectification/rules";
import { addDays, beijingDate, dailyKey } from "../../jobs/clock";
import type { Job } from "../../jobs/runner";
import { notify } from "../notifications/service";
import { itemLink, ownerRecipients } from "./history";

/** Reminders go out this many days before the deadline (and on the deadline day itself). */
export const REMIND_DAYS_BEFORE = 7;

/** States in which the owner still has work to do: only these can become overdue or be reminded. */
const OPEN_STATES = ["pending", "in_progress", "returned"] as const;

const SYSTEM_ACTOR = { actorId: null, actorName: "系统", actorRole: "system" } as const;

type MarkedItem = {
  id: number;
  findingId: number;
  ownerKind: "county" | "department";
  ownerCountyId: number | null;
  ownerDepartment: "housing" | "finance" | null;
  deadline: string;
  state: string;
};

const marked = {
  id: rectificationItems.id,
  findingId: rectificationItems.findingId,
  ownerKind: rectificationItems.ownerKind,
  ownerCountyId: rectificationItems.ownerCountyId,
  ownerDepartment: rectificationItems.ownerDepartment,
  deadline: rectificationItems.deadline,
  state: rectificationItems.state,
};

/** The owner's active accounts (the check constraint of rectification_items guarantees one kind of owner). */
function recipientsOfItem(tx: DbOrTx, item: MarkedItem): Promise<number[]> {
  return ownerRecipients(tx, item.ownerKind === "county" ? { kind: "county", countyId: item.ownerCountyId! } : { kind: "department", department: item.ownerDepartment! });
}

/** Title and active author of each finding. */
async function findingFacts(tx: DbOrTx, findingIds: number[]) {
  if (findingIds.length === 0) return new Map<number, { title: string; authorId: number | null }>();
  const rows = await tx
    .select({ id: findings.id, title: findings.title, createdBy: findings.createdBy, authorDisabled: users.disabled })
    .from(findings)
    .leftJoin(users, eq(users.id, findings.createdBy))
    .where(inArray(findings.id, findingIds));
  return new Map(rows.map((r) => [r.id, { title: r.title, authorId: r.createdBy !== null && r.authorDisabled === false ? r.createdBy : null }]));
}

const ownerName = (item: MarkedItem) => (item.ownerKind === "department" && item.ownerDepartment ? DEPARTMENT_LABEL[item.ownerDepartment] : "责任单位");

async function markOverdue(tx: DbOrTx, today: IsoDate) {
  const items: MarkedItem[] = await tx
    .update(rectificationItems)
    .set({ overdueSince: today })
    .where(and(inArray(rectificationItems.state, [...OPEN_STATES]), lt(rectificationItems.deadline, today), isNull(rectificationItems.overdueSince)))
    .returning(marked);
  items.sort((a, b) => a.id - b.id);
  if (items.length === 0) return { items: 0, notifications: 0 };
  await tx.insert(rectificationEvents).values(
    items.map((i) => ({ itemId: i.id, action: "overdue", fromState: i.state, toState: i.state, note: `已超过整改期限（${formatDateCn(i.deadline)}）`, ...SYSTEM_ACTOR })),
  );
  const facts = await findingFacts(
    tx,
    [...new Set(items.map((i) => i.findingId))],
  );
  let sent = 0;
  for (const item of items) {
    const finding = facts.get(item.findingId);
    const to = [...(await recipientsOfItem(tx, item)), ...(finding?.authorId ? [finding.authorId] : [])];
    await notify(tx, to, {
      kind: "rectification.overdue",
      title: "整改事项已逾期",
      body: `“${finding?.title ?? "整改事项"}”的整改期限为${formatDateCn(item.deadline)}，至今未提交整改结果，已逾期。请${ownerName(item)}尽快整改并提交佐证材料。`,
      link: itemLink(item.id),
      entityType: "rectification_item",
      entityId: String(item.id),
    });
    sent += new Set(to).size;
  }
  return { items: items.length, notifications: sent };
}

async function remindDueSoon(tx: DbOrTx, today: IsoDate) {
  const items: MarkedItem[] = await tx
    .update(rectificationItems)
    .set({ remindedOn: today })
    .where(
      and(
        inArray(rectificationItems.state, [...OPEN_STATES]),
        isNull(rectificationItems.overdueSince),
        isNull(rectificationItems.remindedOn),
        gte(rectificationItems.deadline, today),
        lte(rectificationItems.deadline, addDays(today, REMIND_DAYS_BEFORE)),
      ),
    )
    .returning(marked);
  items.sort((a, b) => a.id - b.id);
  if (items.length === 0) return { items: 0, notifications: 0 };
  await tx.insert(rectificationEvents).values(
    items.map((i) => ({ itemId: i.id, action: "remind", fromState: i.state, toState: i.state, note: `整改期限临近（${formatDateCn(i.deadline)}），已提醒责任单位`, ...SYSTEM_ACTOR })),
  );
  const facts = await findingFacts(
    tx,
    [...new Set(items.map((i) => i.findingId))],
  );
  let sent = 0;
  for (const item of items) {
    const to = await recipientsOfItem(tx, item);
    await notify(tx, to, {
      kind: "rectification.due_soon",
      title: "整改期限临近",
      body: `“${facts.get(item.findingId)?.title ?? "整改事项"}”的整改期限为${formatDateCn(item.deadline)}，请在期限前完成整改并提交佐证材料。`,
      link: itemLink(item.id),
      entityType: "rectification_item",
      entityId: String(item.id),
    });
    sent += new Set(to).size;
  }
  return { items: items.length, notifications: sent };
}

/** One day's check at `now` (its Beijing date is "today"): what was marked and how many were told. */
export async function runOverdueCheck(tx: DbOrTx, now: Date): Promise<{ date: IsoDate; markedOverdue: number; reminded: number; notifications: number }> {
  const today = beijingDate(now);
  const overdue = await markOverdue(tx, today);
  const reminded = await remindDueSoon(tx, today);
  return { date: today, markedOverdue: overdue.items, reminded: reminded.items, notifications: overdue.notifications + reminded.notifications };
}

export const overdueJob: Job = {
  name: "rectification.overdue",
  runKey: dailyKey,
  run: runOverdueCheck,
};
