/**
 * The facts a report is written from, gathered by the server from the ledger, the registry, the
 * targets and the scores as of the 评价日, and the figures made of them: each with its text as the
 * seed writes it, its exact value and its trace. Pure: facts in, figures out.
 */
import { formatWan, formatBasisPoints, ratioBasisPoints } from "../money";
import { formatDateCn } from "../dates";
import { formatPoints, type Centi } from "../scoring/points";
import type { FigureTrace, Inline, ReportFigure } from "./model";
import type { FigureSet, ListFigure } from "./template";

export interface ScoreLine {
  code: string;
  name: string;
  weight: Centi;
  score: Centi;
  rateBp: number | null;
}

export interface ReportFacts {
  task: { id: number; name: string; asOf: string; evaluatorOrg: string; isDemo: boolean };
  fundYear: { id: number; year: number; region: string; programme: string; evaluationDate: string };
  funds: {
    sources: { id: number; name: string; allocatedFen: number; paidFen: number }[];
    total: { allocatedFen: number; paidFen: number };
  };
  /** Registry counts of the fund year: all projects, and what was done as of the 评价日 (targets' actuals). */
  registry: {
    projects: number;
    accepted: number;
    done: { projects: string | null; communities: string | null; households: string | null; /** 万㎡ as the registry writes it. */ floorArea: string | null };
  };
  /** City targets by metric: the target as written. */
  targets: Partial<Record<"projects" | "communities" | "households" | "floor_area", string>>;
  goal: { name: string; endYear: number; clauses: { builtBefore: number; requiredBp: number }[] } | null;
  counties: number;
  scores: {
    resultsPath: string;
    city: { total: Centi; rateBp: number | null; grade: string; level1: (ScoreLine & { children: ScoreLine[] })[]; sheetPath: string } | null;
    counties: { code: string; name: string; total: Centi; mode: string; grade: string; rank: number | null; sheetPath: string }[];
  } | null;
  funding: {
    thresholdBp: number;
    reaching: number;
    bankLoanProjects: number;
    bondCounties: string[];
    /** Projects with residents' money, largest share first (the ones the text names). */
    cofunded: { id: number; name: string; county: string; residentsFen: number; totalFen: number }[];
  };
  contents: { upgradeProjects: number; elevatorProjects: number };
  maintenance: { communities: number; managed: number; coverageBp: number | null; feeCollectionBp: number | null };
  /**
   * The task's findings (问题), in their order: when there are any, chapter 六 is drafted from them
   * (their words may hold figure placeholders) instead of the drafting rules, with who must rectify by when.
   */
  findings: ReportFinding[];
}

export interface ReportFinding {
  id: number;
  title: string;
  /** Words with {{figure}} placeholders. */
  description: string;
  /** The rectification items: owner, deadline (ISO), state label. */
  items: { ownerLabel: string; deadline: string; state: string }[];
}

/** Decimal text of basis points as a percent value: 8124 → "81.24". */
const bpValue = (bp: number) => (bp / 100).toFixed(2).replace(/\.?0+$/, "");
const centiValue = (c: Centi) => formatPoints(c, { fixed: true });
const wanText = (fen: number) => formatWan(fen);
const trace = (
  label: string,
  formula: string,
  asOf: string | null,
  parts: FigureTrace["parts"] = [],
  link: FigureTrace["link"] = null,
  related: NonNullable<FigureTrace["related"]> = [],
): FigureTrace => ({ label, formula, asOf, parts, link, related });

/** Every figure and list a report of these facts can name. */
export function figuresOf(f: ReportFacts): FigureSet {
  const figures: Record<string, ReportFigure> = {};
  const lists: Record<string, ListFigure> = {};
  const asOf = f.task.asOf;
  const add = (key: string, text: string, value: string | null, t: FigureTrace) => {
    figures[key] = { key, text, value, trace: t };
    return { t: "fig" as const, key, text };
  };
  const words = (key: string, text: string, label: string) => add(key, text, null, trace(label, "", null));
  const txt = (text: string): Inline => ({ t: "text", text });
  const list = (key: string, label: string, items: Inline[][], separator = "、", empty = "无") => (lists[key] = { key, label, items, separator, empty });

  // The fund year.
  words("fy.region", f.fundYear.region, "地区");
  words("fy.programme", f.fundYear.programme, "资金项目");
  add("fy.year", String(f.fundYear.year), String(f.fundYear.year), trace("资金年度", "评价任务所属资金年度", null));
  add("fy.asOf", formatDateCn(asOf), null, trace("评价日", "评价任务的评价日：数据截至此日", asOf));
  add("counts.counties", String(f.counties), String(f.counties), trace("县区数", "本地区所辖县区数", null, [], { path: "/funds", query: {} }));

  // The ledger: 下达 by source, 支付 and 预算执行率 as of the 评价日.
  const total = f.funds.total;
  const rateBp = ratioBasisPoints(total.paidFen, total.allocatedFen);
  const paymentsLink = { path: "/funds/payments", query: {} };
  add("funds.total", wanText(total.allocatedFen), wanText(total.allocatedFen), trace(`${f.fundYear.year}年度下达资金合计（万元）`, "各资金来源下达金额之和（截至评价日）", asOf, f.funds.sources.map((s) => ({ label: s.name, text: `${formatWan(s.allocatedFen, { grouping: true })} 万元` })), { path: "/funds/allocations", query: {} }));
  add("funds.paid", wanText(total.paidFen), wanText(total.paidFen), trace("已支付资金（万元）", "截至评价日的支付之和", asOf, [], paymentsLink));
  if (rateBp !== null)
    add("funds.rate", formatBasisPoints(rateBp), bpValue(rateBp), trace("预算执行率（全部资金来源）", "已支付 ÷ 已下达（截至评价日）", asOf, [
      { label: "已支付", text: `${formatWan(total.paidFen, { grouping: true })} 万元` },
      { label: "已下达", text: `${formatWan(total.allocatedFen, { grouping: true })} 万元` },
    ], paymentsLink, [{ label: "下达明细", path: "/funds/allocations", query: {} }]));
  const sourceItems: Inline[][] = [];
  const sourceItemsLong: Inline[][] = [];
  const rateItems: Inline[][] = [];
  const lowItems: Inline[][] = [];
  const fullNames: Inline[][] = [];
  f.funds.sources.forEach((s) => {
    const key = `funds.source.${s.id}`;
    const alloc = add(`${key}.allocated`, wanText(s.allocatedFen), wanText(s.allocatedFen), trace(`${s.name}下达（万元）`, `资金来源为「${s.name}」的下达之和（截至评价日）`, asOf, [], { path: "/funds/allocations", query: { sourceId: String(s.id) } }));
    sourceItems.push([txt(s.name), alloc, txt("万元")]);
    sourceItemsLong.push([txt(`${s.name}资金`), alloc, txt("万元")]);
    const bp = ratioBasisPoints(s.paidFen, s.allocatedFen);
    if (bp === null) return;
    const rate = add(`${key}.rate`, formatBasisPoints(bp), bpValue(bp), trace(`${s.name}预算执行率`, "已支付 ÷ 已下达（截至评价日）", asOf, [
      { label: "已支付", text: `${formatWan(s.paidFen, { grouping: true })} 万元` },
      { label: "已下达", text: `${formatWan(s.allocatedFen, { grouping: true })} 万元` },
    ], { path: "/funds/payments", query: { sourceId: String(s.id) } }, [{ label: "下达明细", path: "/funds/allocations", query: { sourceId: String(s.id) } }]));
    rateItems.push([txt(`${s.name}资金预算执行率为`), rate]);
    if (rateBp !== null && bp < rateBp) lowItems.push([txt(s.name), txt("（"), rate, txt("）")]);
    if (bp === 10000) fullNames.push([txt(`${s.name}资金为`), rate]);
  });
  list("funds.sourcesList", "各资金来源下达金额", sourceItems);
  list("funds.sourcesListLong", "各资金来源下达金额（带“资金”）", sourceItemsLong);
  list("funds.sourceRatesList", "各资金来源预算执行率", rateItems, "，");
  list("funds.lowSourcesList", "执行率低于平均的资金来源", lowItems, "及", "部分资金来源");
  list("funds.fullRateList", "执行率为100%的资金来源", fullNames, "，", "");

  // The registry: what was renovated by the 评价日, against the targets.
  const r = f.registry;
  const projectsLink = { path: "/projects", query: {} };
  add("registry.projects", String(r.projects), String(r.projects), trace("项目数（本年度项目库）", "本资金年度项目库中的项目", null, [], projectsLink));
  add("registry.accepted", String(r.accepted), String(r.accepted), trace("已竣工验收项目数", "项目库中已竣工验收（或已结算）的项目", null, [], projectsLink));
  const targetsLink = { path: "/targets", query: {} };
  if (r.done.projects !== null) add("registry.done.projects", r.done.projects, r.done.projects, trace("完成改造项目数", "截至评价日已完工的项目（项目库实际完工日期）", asOf, [], targetsLink));
  if (r.done.communities !== null) add("registry.done.communities", r.done.communities, r.done.communities, trace("完成改造小区数", "截至评价日已完工项目所含小区", asOf, [], targetsLink));
  if (r.done.households !== null) add("registry.done.households", r.done.households, r.done.households, trace("完成改造户数", "截至评价日已完工项目所含小区的户数", asOf, [], targetsLink));
  if (r.done.floorArea !== null) {
    const a = r.done.floorArea;
    add("registry.done.area", a, a, trace("完成改造面积（万平方米）", "截至评价日已完工项目所含小区的建筑面积", asOf, [], targetsLink));
  }
  const targetLabel: Record<string, string> = { projects: "项目数", communities: "小区数", households: "户数", floor_area: "面积（万平方米）" };
  for (const [metric, value] of Object.entries(f.targets)) {
    if (value == null) continue;
    add(`targets.${metric}`, value, value, trace(`${f.fundYear.year}年度绩效目标：${targetLabel[metric]}`, "绩效目标表中的全市目标值", null, [], targetsLink));
  }
  if (f.goal) {
    words("goal.name", f.goal.name, "多年度目标");
    f.goal.clauses.forEach((c, i) => {
      const n = i + 1;
      add(`goal.${n}.year`, String(c.builtBefore - 1), String(c.builtBefore - 1), trace(`${f.goal!.name}目标第 ${n} 项：建成年份`, `${c.builtBefore - 1}年（含）以前建成的小区`, null, [], { path: "/communities/goal", query: {} }));
      add(`goal.${n}.required`, formatBasisPoints(c.requiredBp), bpValue(c.requiredBp), trace(`${f.goal!.name}目标第 ${n} 项：应完成比例`, `到${f.goal!.endYear}年末应完成改造的比例`, null, [], { path: "/communities/goal", query: {} }));
    });
  }

  // Scores: Table 1 (the city's sheet) and Table 2 (the counties).
  const s = f.scores;
  if (s?.city) {
    const c = s.city;
    const link = { path: c.sheetPath, query: {} };
    add("scores.total", centiValue(c.total), centiValue(c.total), trace("综合评价得分（全市评分表）", "各一级指标得分之和（叶指标四舍五入到 0.01 分后逐级相加）", asOf, c.level1.map((l) => ({ label: l.name, text: `${centiValue(l.score)} 分` })), link));
    add("scores.grade", c.grade, null, trace("评价等级", "按评价任务的等级标准由综合得分确定", null, [{ label: "综合得分", text: `${centiValue(c.total)} 分` }], link));
    const weightSum = c.level1.reduce((a, l) => a + l.weight, 0);
    add("scores.weight", formatPoints(weightSum), formatPoints(weightSum), trace("满分", "一级指标分值之和", null));
    if (c.rateBp !== null) add("scores.rate", formatBasisPoints(c.rateBp), bpValue(c.rateBp), trace("综合得分率", "综合得分 ÷ 满分", null, [], link));
    for (const l of [...c.level1, ...c.level1.flatMap((x) => x.children)]) {
      const k = `scores.${l.code}`;
      add(`${k}.weight`, formatPoints(l.weight), formatPoints(l.weight), trace(`${l.name}分值`, "指标体系中的分值", null, [], link));
      add(`${k}.score`, centiValue(l.score), centiValue(l.score), trace(`${l.name}得分`, "下级指标得分之和", asOf, [], link));
      if (l.rateBp !== null) add(`${k}.rate`, formatBasisPoints(l.rateBp), bpValue(l.rateBp), trace(`${l.name}得分率`, `${l.name}得分 ÷ 分值`, null, [{ label: "得分", text: centiValue(l.score) }, { label: "分值", text: formatPoints(l.weight) }], link));
    }
  }
  for (const c of s?.counties ?? []) {
    add(`scores.county.${c.code}.total`, centiValue(c.total), centiValue(c.total), trace(`${c.name}综合评价得分`, `${c.name}评分表各指标得分之和`, asOf, [{ label: "等级", text: c.grade }, { label: "排名", text: c.rank === null ? "—" : `第 ${c.rank} 名` }], { path: c.sheetPath, query: {} }));
  }

  // Funding mix: 非财政资金 shares, bank loans, bonds, residents' money.
  const fu = f.funding;
  const threshold = formatBasisPoints(fu.thresholdBp);
  add("funding.threshold", threshold, bpValue(fu.thresholdBp), trace("非财政资金占比门槛", "报告统计非财政资金占比达到此比例的项目", null));
  const minLink = { path: "/projects", query: { minNonFiscalBp: String(fu.thresholdBp), sort: "nonFiscal" } };
  add("funding.reaching", String(fu.reaching), String(fu.reaching), trace(`非财政资金占比 ≥ ${threshold} 的项目数`, "非财政资金 ÷ 计划总投资 ≥ 门槛（精确比较）", null, [], minLink));
  const share = ratioBasisPoints(fu.reaching, r.projects);
  if (share !== null) add("funding.reachingShare", formatBasisPoints(share), bpValue(share), trace(`非财政资金占比 ≥ ${threshold} 的项目占比`, "达到门槛的项目数 ÷ 项目总数", null, [{ label: "达到门槛", text: `${fu.reaching} 个` }, { label: "项目总数", text: `${r.projects} 个` }], minLink));
  add("funding.bankLoanProjects", String(fu.bankLoanProjects), String(fu.bankLoanProjects), trace("使用银行贷款的项目数", "计划投资中有「银行贷款」来源的项目", null, [], projectsLink));
  add("funding.bondCounties", String(fu.bondCounties.length), String(fu.bondCounties.length), trace("使用专项债券的县区数", "计划投资中有「专项债券」来源的县区", null));
  list("funding.bondCountiesList", "使用专项债券的县区", fu.bondCounties.map((n) => [txt(n)]));
  add("funding.cofundedCount", String(fu.cofunded.length), String(fu.cofunded.length), trace("居民出资的项目数", "计划投资中有「居民出资」来源的项目", null));
  list(
    "funding.cofundedList",
    "居民出资的项目及其占比",
    fu.cofunded.map((p, i) => {
      const link = { path: `/projects/${p.id}`, query: {} };
      const amount = add(`funding.cofunded.${i + 1}.residents`, wanText(p.residentsFen), wanText(p.residentsFen), trace(`${p.name}居民出资（万元）`, "项目计划投资中「居民出资」来源的金额", null, [], link));
      const bp = ratioBasisPoints(p.residentsFen, p.totalFen) ?? 0;
      const pct = add(`funding.cofunded.${i + 1}.share`, formatBasisPoints(bp), bpValue(bp), trace(`${p.name}居民出资占比`, "居民出资 ÷ 项目计划总投资", null, [{ label: "居民出资", text: `${formatWan(p.residentsFen, { grouping: true })} 万元` }, { label: "总投资", text: `${formatWan(p.totalFen, { grouping: true })} 万元` }], link));
      return [txt(`${p.county}${p.name}居民共出资`), amount, txt("万元，占小区改造总投资的"), pct];
    }),
    "；",
  );

  // Contents and maintenance.
  const up = ratioBasisPoints(f.contents.upgradeProjects, r.projects);
  add("contents.upgradeProjects", String(f.contents.upgradeProjects), String(f.contents.upgradeProjects), trace("含提升类改造内容的项目数", "改造内容中有提升类项目的项目", null, [], { path: "/projects", query: { category: "upgrade" } }));
  if (up !== null) add("contents.upgradeShare", formatBasisPoints(up), bpValue(up), trace("含提升类改造内容的项目占比", "含提升类内容的项目数 ÷ 项目总数", null, [], { path: "/projects", query: { category: "upgrade" } }));
  add("contents.elevatorProjects", String(f.contents.elevatorProjects), String(f.contents.elevatorProjects), trace("含加装电梯的项目数", "改造内容中有「加装电梯」的项目", null, [], projectsLink));
  const m = f.maintenance;
  const mLink = { path: "/communities/maintenance", query: {} };
  if (m.coverageBp !== null) add("maintenance.coverage", formatBasisPoints(m.coverageBp), bpValue(m.coverageBp), trace("物业管理覆盖率（本年度改造小区）", "有物业管理的小区 ÷ 本年度改造小区", null, [{ label: "有物业管理", text: `${m.managed} 个` }, { label: "改造小区", text: `${m.communities} 个` }], mLink));
  if (m.feeCollectionBp !== null) add("maintenance.feeCollection", formatBasisPoints(m.feeCollectionBp), bpValue(m.feeCollectionBp), trace("物业费收缴率（按户数加权）", "各小区物业费收缴率按户数加权平均", null, [], mLink));

  return { figures, lists };
}
