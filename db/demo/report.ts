/**
 * The demo fund year's stored report texts: the seed's words where they are not data (the 实施方案 of
 * 2020年7月6日, the purpose of the evaluation, the wording of its conclusions), with the figures as
 * placeholders so that every number still comes from the ledger, the registry and the scores.
 */
import type { DbOrTx } from "../open";
import { reportParagraphs } from "../schema";

export const DEMO_REPORT_TEXTS: Record<string, string> = {
  "cover.date": "2022-07",
  "ch1.policy":
    "2020年7月6日临沂市人民政府研究通过了《临沂市深入推进老旧小区改造实施方案》，方案中明确了临沂市老旧小区改造范围、内容、程序、方式、融资模式以及配套措施等内容。",
  "ch1.budget":
    "{{fy.year}}年度{{fy.region}}老旧小区改造市级以上补助资金{{funds.total}}万元，其中：{{funds.sourcesList}}。根据要求，老旧小区改造项目为当年开工，支付一般为下一年度，截止评价日，市级以上预算资金执行率为{{funds.rate}}，其中{{funds.fullRateList}}。",
  "ch1.implementation.note": "各县区根据民意、小区的实际情况及改造资金规模设计出可行的实施方案，改造内容主要以基础类为主，同时涉及部分完善类和提升类内容。",
  "ch2.overall":
    "到“{{goal.name}}”末，在完成{{goal.1.year}}年前建成的老旧小区改造基础上，确保完成{{goal.2.year}}年前建成的老旧小区改造任务的{{goal.2.required}}以上，并力争全部完成后，建设宜居整洁、安全绿色、设施完善、服务便民、和谐共享的“美好住区”。",
  "ch2.annual":
    "{{fy.year}}年，争取完成省住建厅下达{{fy.region}}{{targets.projects}}个项目（{{targets.communities}}个小区），{{targets.households}}户，{{targets.floor_area}}万平方米的老旧小区改造任务。争取通过整治改造，改变老旧小区脏乱差的面貌，实现人民群众对美好生活的向往。",
  "ch3.purpose":
    "城镇老旧小区改造工作是中央和省委省政府确定的重点民生工程，社会关注度高、资金投入量大，拟通过全周期跟踪问效，全面跟踪掌握各县区资金使用、项目完成、社会资本筹资和群众满意度等情况，深入分析总结工作中存在的不足，同时将跟踪问效结果作为专项资金安排和分配的重要依据，引导县区持续深入推进{{fy.region}}城镇老旧小区改造工作。",
  "ch3.scope":
    "本次老旧小区改造补助资金绩效评价范围为：{{fy.year}}年度老旧小区改造补助资金{{funds.total}}万元（其中{{funds.sourcesListLong}}），共涉及{{counts.counties}}个县区、{{registry.projects}}个项目。",
  "ch4.conclusion": "经综合评价，{{fy.year}}年老旧小区改造项目效果明显，群众满意度较高，评价得分为{{scores.total}}分，评级为{{scores.grade}}。",
};

/** Stores the texts as version 1 of the fund year's paragraphs, inside loadDemo's transaction. */
export async function loadDemoReportTexts(tx: DbOrTx, fundYearId: number): Promise<void> {
  await tx.insert(reportParagraphs).values(
    Object.entries(DEMO_REPORT_TEXTS).map(([key, body]) => ({ fundYearId, taskId: null, key, version: 1, body, authorName: "示例数据" })),
  );
}
