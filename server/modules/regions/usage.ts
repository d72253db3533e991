/** What refers to a region: a region with data is retired, never deleted. */
import type { DbOrTx } from "../../../db/open";
import * as repo from "./repository";

/** Each table that refers to regions, as a user calls its rows, and the counter word. */
export const REFERENCE_LABEL: Record<string, { label: string; unit: string }> = {
  regions: { label: "下级区划", unit: "个" },
  fund_years: { label: "资金年度", unit: "个" },
  allocations: { label: "资金下达", unit: "笔" },
  payments: { label: "资金支付", unit: "笔" },
  projects: { label: "项目", unit: "个" },
  communities: { label: "小区", unit: "个" },
  users: { label: "账户", unit: "个" },
  performance_targets: { label: "绩效目标", unit: "条" },
  renovation_goals: { label: "改造目标", unit: "条" },
  evaluation_scopes: { label: "评价对象", unit: "个" },
  submissions: { label: "报送审核记录", unit: "条" },
  lag_explanations: { label: "偏差原因", unit: "条" },
  survey_communities: { label: "满意度调查抽样小区", unit: "个" },
  survey_tokens: { label: "入户问卷链接", unit: "个" },
  survey_responses: { label: "居民问卷", unit: "份" },
  findings: { label: "评价发现的问题", unit: "条" },
  rectification_items: { label: "整改事项", unit: "项" },
  difficulty_coefficients: { label: "财政困难程度系数", unit: "条" },
  allocation_plans: { label: "资金分配方案", unit: "个" },
  utility_operators: { label: "专营单位", unit: "个" },
  works_settings: { label: "反复开挖判定规则", unit: "条" },
};

export interface Usage {
  table: string;
  count: number;
  /** 资金下达 36 笔 */
  text: string;
}

export async function regionUsage(db: DbOrTx, regionId: number): Promise<Usage[]> {
  const out: Usage[] = [];
  const refs = await repo.regionReferences(db);
  const counts = new Map<string, number>();
  for (const ref of refs) {
    const n = await repo.countReferences(db, ref.table, ref.column, regionId);
    if (n) counts.set(ref.table, (counts.get(ref.table) ?? 0) + n);
  }
  for (const [table, count] of counts) {
    const l = REFERENCE_LABEL[table] ?? { label: "其他记录", unit: "条" };
    out.push({ table, count, text: `${l.label} ${count} ${l.unit}` });
  }
  return out;
}
