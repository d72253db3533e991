/**
 * 问题与整改 use cases, one file per verb: record-finding.ts, edit-finding.ts, assign-items.ts,
 * transition-item.ts, item-evidence.ts, list-ledger.ts, export-ledger.ts; who sees what is in access.ts.
 * Other modules (allocation, reports) and the routes import from here.
 */
import { ITEM_STATE_LABEL, ownerLabel } from "../../../core/rectification/rules";
import type { DbOrTx } from "../../../db/open";
import { ownerOf } from "./access";
import { scopeLabelOf } from "./presenter";
import * as repo from "./repository";

export { listFindings, recordFinding, leafFigures } from "./record-finding";
export { updateFinding, deleteFinding, reorderFindings } from "./edit-finding";
export { createItems, updateItem, deleteItem } from "./assign-items";
export { transitionItem } from "./transition-item";
export { uploadItemEvidence, listItemEvidence, downloadItemEvidence, deleteItemEvidence, ITEM_EVIDENCE_MAX_FILES, type ItemEvidenceUpload } from "./item-evidence";
export { listLedger, getItem, type LedgerOptions } from "./list-ledger";
export { exportLedger, LEDGER_HEADERS } from "./export-ledger";
export { beijingToday } from "./access";

/** County regions of a name (the command line's --county). */
export function countiesNamed(db: DbOrTx, name: string): Promise<{ id: number; name: string; path: string }[]> {
  return repo.countiesNamed(db, name);
}

export interface CountyRectification {
  /** Items marked overdue by the daily job and not accepted (逾期, including those submitted late). */
  overdue: number;
  /** Items returned (退回) and not yet resubmitted. */
  returned: number;
  /** Items not accepted. */
  open: number;
  accepted: number;
}

/** Per owning county of the task's items (department items aside): for the 核减 rule of the next allocation. */
export async function rectificationStatusByCounty(db: DbOrTx, taskId: number): Promise<Map<number, CountyRectification>> {
  const rows = await repo.statusByCounty(db, taskId);
  return new Map(rows.map((r) => [r.countyId!, { overdue: r.overdue, returned: r.returned, open: r.open, accepted: r.accepted }]));
}

export interface ReportFindingRow {
  id: number;
  title: string;
  description: string;
  category: string;
  /** 全市, the county's name, or county and project. */
  scope: string;
  countyName: string | null;
  /** state is the label (待整改 … 已验收), as the report prints it. */
  items: { ownerLabel: string; deadline: string; state: string; measures: string }[];
}

/** The task's findings in their order with their items, for chapter 六 of the report (no viewer narrowing: the report is the city's). */
export async function findingsForReport(db: DbOrTx, taskId: number): Promise<ReportFindingRow[]> {
  const findings = await repo.listFindings(db, taskId);
  const items = await repo.listItemsOfFindings(db, findings.map((f) => f.finding.id));
  return findings.map((f) => ({
    id: f.finding.id,
    title: f.finding.title,
    description: f.finding.description,
    category: f.finding.category,
    scope: scopeLabelOf(f.finding.scope, f.countyName, f.projectName),
    countyName: f.countyName,
    items: items
      .filter((i) => i.item.findingId === f.finding.id)
      .map((i) => ({ ownerLabel: ownerLabel(ownerOf(i.item), i.countyName), deadline: i.item.deadline, state: ITEM_STATE_LABEL[i.item.state], measures: i.item.measures })),
  }));
}
