/**
 * The demo city: 临沂市 2021, built so that Wenxiao reproduces the seed report from data
 * (shared/seed/linyi-2021-report.txt). Totals the seed prints are exact; everything it does not
 * give (project names, dates, per-county splits) is synthetic, deterministic and marked 示例数据.
 */
import { apportion, FEN_PER_WAN, FEN_PER_YUAN } from "../../core/money";
import { addDays, daysBetween, seededRandom, type Random } from "./random";

export const DEMO_PROGRAMME = { code: "old-community-renovation", name: "老旧小区改造补助资金" };
export const DEMO_YEAR = 2021;
/** 评价日 of the seed's evaluation (report dated 2022年7月). */
export const DEMO_EVALUATION_DATE = "2022-06-30";

export const DEMO_PROVINCE = { code: "370000", name: "山东省" };
export const DEMO_CITY = { code: "371300", name: "临沂市" };

export interface DemoCounty {
  code: string;
  name: string;
  streets: string[];
  /** Number of 2021 projects (the twelve add up to the seed's 307). */
  projects: number;
}

/** In the seed's Table 2 order. */
export const DEMO_COUNTIES: DemoCounty[] = [
  { code: "371302", name: "兰山区", streets: ["兰山街道", "银雀山街道", "金雀山街道", "柳青街道"], projects: 42 },
  { code: "371311", name: "罗庄区", streets: ["罗庄街道", "傅庄街道", "盛庄街道"], projects: 28 },
  { code: "371312", name: "河东区", streets: ["九曲街道", "芝麻墩街道", "凤凰岭街道"], projects: 30 },
  { code: "371321", name: "沂南县", streets: ["界湖街道", "铜井镇"], projects: 22 },
  { code: "371322", name: "郯城县", streets: ["郯城街道", "马头镇"], projects: 20 },
  { code: "371323", name: "沂水县", streets: ["沂城街道", "龙家圈街道"], projects: 27 },
  { code: "371324", name: "兰陵县", streets: ["卞庄街道", "兰陵镇"], projects: 24 },
  { code: "371326", name: "平邑县", streets: ["平邑街道", "仲村镇"], projects: 23 },
  { code: "371325", name: "费县", streets: ["费城街道", "探沂镇"], projects: 22 },
  { code: "371327", name: "莒南县", streets: ["十字路街道", "大店镇"], projects: 25 },
  { code: "371328", name: "蒙阴县", streets: ["蒙阴街道", "常路镇"], projects: 18 },
  { code: "371329", name: "临沭县", streets: ["临沭街道", "郑山街道"], projects: 26 },
];

export interface DemoSource {
  code: string;
  name: string;
  category: "fiscal" | "non_fiscal";
}

export const DEMO_SOURCES: DemoSource[] = [
  { code: "central", name: "中央补助", category: "fiscal" },
  { code: "provincial", name: "省级补助", category: "fiscal" },
  { code: "municipal", name: "市级补助", category: "fiscal" },
  { code: "county", name: "县级配套", category: "fiscal" },
  { code: "special-bond", name: "专项债券", category: "fiscal" },
  { code: "residents", name: "居民出资", category: "non_fiscal" },
  { code: "former-owner", name: "原产权单位出资", category: "non_fiscal" },
  { code: "enterprise", name: "企业/社会资本", category: "non_fiscal" },
  { code: "utility", name: "专营单位出资", category: "non_fiscal" },
  { code: "bank-loan", name: "银行贷款", category: "non_fiscal" },
];

/** 市级以上补助资金 of 2021 as the seed prints it, in 万元, with the 文号 and date of each 下达. */
export const DEMO_GRANTS = [
  { source: "central", wan: 16158, docNo: "鲁财建指〔2021〕15号", date: "2021-04-16" },
  { source: "provincial", wan: 6105, docNo: "鲁财建指〔2021〕42号", date: "2021-07-09" },
  { source: "municipal", wan: 1500, docNo: "临财建〔2021〕36号", date: "2021-08-25" },
] as const;

/**
 * Paid by the 评价日: all of 中央 (100%) and 3,147.06万元 of 省级 + 市级, so that overall
 * (16,158 + 3,147.06) ÷ 23,763 = 19,305.06 ÷ 23,763 = 81.2399…% → 81.24%.
 */
export const DEMO_PAID_NON_CENTRAL_YUAN = 31_470_600;

export interface DemoProject {
  county: string;
  code: string;
  name: string;
  street: string;
  implementingEntity: string;
  status: "started" | "completed" | "accepted" | "settled";
}

export interface DemoAllocation {
  county: string;
  source: string;
  project: string;
  amountFen: number;
  docNo: string;
  allocatedOn: string;
}

export interface DemoPayment {
  county: string;
  source: string;
  project: string;
  amountFen: number;
  paidOn: string;
  voucherNo: string;
}

export interface DemoLedger {
  projects: DemoProject[];
  allocations: DemoAllocation[];
  payments: DemoPayment[];
}

const UNITS = [
  "供销社", "粮食局", "人民医院", "实验中学", "电业局", "自来水公司", "交通局", "建设局", "税务局", "邮政局",
  "农机公司", "棉纺厂", "化肥厂", "酒厂", "食品公司", "物资局", "银行", "广电局", "卫生局", "公安局",
  "林业局", "水利局", "糖酒公司", "百货大楼", "机械厂", "汽车站", "粮所", "木材公司", "商业局", "文化馆",
];
const ROADS = ["建设路", "人民路", "解放路", "沂蒙路", "滨河路", "新华路", "胜利路", "和平路", "文化路", "育才路"];
const KINDS = ["家属院", "宿舍", "小区"];

/** The seed's two co-funded communities (河东区), named in chapter 五. */
export const DEMO_COFUNDED = [
  { name: "河东法院家属院", street: "九曲街道" },
  { name: "九曲街道家属院", street: "九曲街道" },
];

function projectNames(county: DemoCounty, rnd: Random): { name: string; street: string }[] {
  const seen = new Set<string>();
  const out: { name: string; street: string }[] = [];
  if (county.name === "河东区") {
    for (const c of DEMO_COFUNDED) {
      seen.add(c.name);
      out.push(c);
    }
  }
  while (out.length < county.projects) {
    const street = rnd.pick(county.streets);
    const name = rnd.next() < 0.6 ? `${rnd.pick(UNITS)}${rnd.pick(KINDS)}` : `${rnd.pick(ROADS)}${rnd.int(1, 199)}号院`;
    const full = `${street.replace(/(街道|镇)$/, "")}${name}`;
    if (seen.has(full)) continue;
    seen.add(full);
    out.push({ name: full, street });
  }
  return out;
}

function entityOf(county: DemoCounty): string {
  if (county.name === "河东区") return "临沂城发城建开发有限公司";
  return `${county.name.replace(/(区|县)$/, "")}城市建设投资有限公司`;
}

/**
 * Splits `yuan` into `n` payments on dates in [from, to]; amounts are whole 元, the last takes the
 * remainder so the payments add up exactly.
 */
function splitPayments(rnd: Random, yuan: number, n: number, from: string, to: string) {
  const weights = Array.from({ length: n }, () => rnd.int(2, 8));
  const parts = apportion(yuan, weights);
  const span = daysBetween(from, to);
  const dates = parts.map(() => addDays(from, rnd.int(0, span))).sort();
  return parts.map((p, i) => ({ fen: p * FEN_PER_YUAN, date: dates[i] })).filter((p) => p.fen > 0);
}

export function buildDemoLedger(seed = 20210706): DemoLedger {
  const rnd = seededRandom(seed);
  const projects: DemoProject[] = [];
  const byCounty = new Map<string, DemoProject[]>();
  for (const county of DEMO_COUNTIES) {
    const list = projectNames(county, rnd).map((p, i): DemoProject => ({
      county: county.name,
      code: `${county.code}-2021-${String(i + 1).padStart(3, "0")}`,
      name: `${p.name}改造项目`,
      street: p.street,
      implementingEntity: entityOf(county),
      status: rnd.next() < 0.7 ? "accepted" : rnd.next() < 0.5 ? "completed" : "settled",
    }));
    byCounty.set(county.name, list);
    projects.push(...list);
  }

  // County shares follow the number of projects with some spread; whole 万元 per county and source.
  const countyWeights = DEMO_COUNTIES.map((c) => c.projects * rnd.int(80, 120));
  const allocations: DemoAllocation[] = [];
  const cellAlloc = new Map<string, { county: string; source: string; projects: DemoProject[]; yuan: number[] }>();
  for (const grant of DEMO_GRANTS) {
    const perCounty = apportion(grant.wan, countyWeights);
    DEMO_COUNTIES.forEach((county, ci) => {
      const list = byCounty.get(county.name)!;
      // Within a county the money goes to projects in 元 (百元 steps), in proportion to their size.
      const perProject = apportion(perCounty[ci] * 100, list.map(() => rnd.int(5, 20))).map((h) => h * 100);
      cellAlloc.set(`${county.name}|${grant.source}`, {
        county: county.name,
        source: grant.source,
        projects: list,
        yuan: perProject,
      });
      list.forEach((p, pi) => {
        if (perProject[pi] === 0) return;
        allocations.push({
          county: county.name,
          source: grant.source,
          project: p.code,
          amountFen: perProject[pi] * FEN_PER_YUAN,
          docNo: grant.docNo,
          allocatedOn: grant.date,
        });
      });
    });
  }

  const payments: DemoPayment[] = [];
  let voucher = 0;
  const pay = (county: string, source: string, project: string, yuan: number, n: number, from: string, to: string) => {
    for (const p of splitPayments(rnd, yuan, n, from, to)) {
      voucher += 1;
      payments.push({
        county,
        source,
        project,
        amountFen: p.fen,
        paidOn: p.date,
        voucherNo: `ZF${p.date.slice(0, 4)}${String(voucher).padStart(6, "0")}`,
      });
    }
  };

  // 中央: everything paid by the 评价日.
  for (const cell of cellAlloc.values()) {
    if (cell.source !== "central") continue;
    cell.projects.forEach((p, i) => pay(cell.county, "central", p.code, cell.yuan[i], rnd.int(1, 3), "2021-06-01", "2022-06-20"));
  }

  // 省级 and 市级: 3,147.06万元 paid by the 评价日, unevenly across counties (地方财政紧张).
  const laggards = new Set(["平邑县", "莒南县", "沂水县"]);
  const cells = [...cellAlloc.values()].filter((c) => c.source !== "central");
  const cellTotals = cells.map((c) => c.yuan.reduce((a, b) => a + b, 0));
  const paceWeights = cells.map((c, i) => cellTotals[i] * (laggards.has(c.county) ? rnd.int(15, 30) : rnd.int(40, 70)));
  const paidByCell = apportion(DEMO_PAID_NON_CENTRAL_YUAN, paceWeights);
  cells.forEach((cell, ci) => {
    const paid = Math.min(paidByCell[ci], cellTotals[ci]);
    if (paid !== paidByCell[ci]) throw new Error("demo ledger: a county would be paid more than allocated");
    const perProject = apportion(paid, cell.yuan);
    cell.projects.forEach((p, pi) => {
      if (perProject[pi] > 0) pay(cell.county, cell.source, p.code, perProject[pi], rnd.int(1, 2), "2021-09-01", "2022-06-28");
      // Some money keeps flowing after the 评价日: figures must depend on the as-of date.
      const rest = cell.yuan[pi] - perProject[pi];
      if (rest > 0 && rnd.next() < 0.5) {
        pay(cell.county, cell.source, p.code, Math.floor((rest * rnd.int(20, 60)) / 100), 1, "2022-07-05", "2022-12-20");
      }
    });
  });

  return { projects, allocations, payments };
}

export function wanToFen(wan: number): number {
  return wan * FEN_PER_WAN;
}
