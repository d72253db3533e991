import { describe, expect, it } from "vitest";
import { allocate } from "./allocate";
import { DEFAULT_CUT_RULE, DEFAULT_SCHEMES } from "./schemes";
import { AllocationError, type AllocationInput, type CountyInput } from "./types";

const FACTOR_2019 = DEFAULT_SCHEMES[0].definition;
const WORKLOAD_2022 = DEFAULT_SCHEMES[1].definition;
const NO_CUT = { ...DEFAULT_CUT_RULE, enabled: false };

const lanshan: CountyInput = {
  countyId: 1,
  name: "兰山区",
  factors: { area: "100", households: "200", buildings: "10", communities: "2" },
  difficulty: "1",
  score: 9000,
  grade: "优",
  cutReasons: [],
};
const luozhuang: CountyInput = {
  countyId: 2,
  name: "罗庄区",
  factors: { area: "100", households: "100", buildings: "10", communities: "2" },
  difficulty: "1.2",
  score: 8000,
  grade: "中",
  cutReasons: [],
};
const two = (over: Partial<AllocationInput> = {}): AllocationInput => ({ totalFen: 1_000_000, scheme: FACTOR_2019, cut: NO_CUT, counties: [lanshan, luozhuang], ...over });

describe("a worked two-county example (T = 1,000,000 分 = 1 万元)", () => {
  it("财综〔2019〕31号: factors × difficulty with 40/30/10/10, score with 10", () => {
    // x·d — 兰山 (d 1): 100, 200, 10, 2; 罗庄 (d 1.2): 120, 120, 12, 2.4.
    // Totals: 220, 320, 22, 4.4. 兰山's shares: 5/11, 5/8, 5/11, 5/11.
    // Factor pool share of 兰山 = (0.4·5/11 + 0.3·5/8 + 0.1·5/11 + 0.1·5/11) ÷ 0.9
    //   = (3/11 + 3/16) ÷ 0.9 = (81/176) ÷ 0.9 = 45/88; 罗庄 43/88.
    // Pools: 900,000 分 by factors, 100,000 分 by score.
    // Factors: 900,000·45/88 = 460,227.27…, 900,000·43/88 = 439,772.72… → floors 460,227 + 439,772 = 899,999;
    //   the 1 分 left goes to the larger remainder (.72…, 罗庄): 460,227 and 439,773.
    // Score: 100,000·9000/17000 = 52,941.17…, 100,000·8000/17000 = 47,058.82… → floors sum 99,999;
    //   the 1 分 to 罗庄 (.82… > .17…): 52,941 and 47,059.
    // Computed: 460,227 + 52,941 = 513,168; 439,773 + 47,059 = 486,832; Σ 1,000,000.
    const r = allocate(two());
    expect(r.lines.map(({ factorFen, performanceFen, computedFen, cutFen, amountFen, shareBp }) => ({ factorFen, performanceFen, computedFen, cutFen, amountFen, shareBp }))).toEqual([
      { factorFen: 460_227, performanceFen: 52_941, computedFen: 513_168, cutFen: 0, amountFen: 513_168, shareBp: 5132 },
      { factorFen: 439_773, performanceFen: 47_059, computedFen: 486_832, cutFen: 0, amountFen: 486_832, shareBp: 4868 },
    ]);
    expect(r.notes).toEqual([]);
  });

  it("核减 10% of 罗庄 (评价等级为中) goes to 兰山", () => {
    // ⌊486,832 × 1000 ÷ 10000⌋ = ⌊48,683.2⌋ = 48,683 cut from 罗庄 → 438,149; 兰山 513,168 + 48,683 = 561,851.
    // Shares: 5618.51 → 5619, 4381.49 → 4381 basis points.
    const r = allocate(two({ cut: DEFAULT_CUT_RULE, counties: [lanshan, { ...luozhuang, cutReasons: ["评价等级为中"] }] }));
    expect(r.lines.map((l) => [l.computedFen, l.cutFen, l.amountFen, l.shareBp])).toEqual([
      [513_168, 48_683, 561_851, 5619],
      [486_832, -48_683, 438_149, 4381],
    ]);
  });

  it("the 2022 scheme: 80% by task volume × difficulty, 20% reward by 绩效调节系数", () => {
    // Totals of x: 200, 300, 20, 4. Workload with 40/30/15/15:
    //   兰山 0.4·100/200 + 0.3·200/300 + 0.15·10/20 + 0.15·2/4 = 0.2 + 0.2 + 0.075 + 0.075 = 0.55, × d 1 = 0.55;
    //   罗庄 0.2 + 0.1 + 0.075 + 0.075 = 0.45, × d 1.2 = 0.54.
    // Workload pool 800,000: 800,000·0.55/1.09 = 403,669.72…, 800,000·0.54/1.09 = 396,330.27… → 1 分 left to 兰山:
    //   403,670 and 396,330.
    // Reward pool 200,000 by k·W: 优 1.2 × 0.55 = 0.66, 中 0.8 × 0.54 = 0.432; Σ 1.092:
    //   200,000·0.66/1.092 = 120,879.12…, 200,000·0.432/1.092 = 79,120.87… → 1 分 left to 罗庄: 120,879 and 79,121.
    // Computed: 524,549 and 475,451; Σ 1,000,000.
    const r = allocate(two({ scheme: WORKLOAD_2022 }));
    expect(r.lines.map((l) => [l.factorFen, l.performanceFen, l.amountFen])).toEqual([
      [403_670, 120_879, 524_549],
      [396_330, 79_121, 475_451],
    ]);
  });
});

describe("因素法 allocation: rules and messages", () => {
  it("a factor no county has drops out, its weight spread over the others, with a note", () => {
    const noBuildings = (c: CountyInput) => ({ ...c, factors: { ...c.factors, buildings: "0" } });
    const r = allocate(two({ counties: [noBuildings(lanshan), noBuildings(luozhuang)] }));
    expect(r.notes).toEqual(["各县区改造楼栋数均为0，该因素权重按比例并入其他因素"]);
    // 兰山 = (0.4·5/11 + 0.3·5/8 + 0.1·5/11) ÷ 0.8 = (5/22 + 3/16) ÷ 0.8 = (73/176) ÷ 0.8 = 365/704 of 900,000 = 466,619.31…
    expect(r.lines[0].factorFen).toBe(466_619);
    expect(r.lines[0].factorFen + r.lines[1].factorFen).toBe(900_000);
  });

  it("a factor present only where the difficulty is 0 drops out with a note saying so", () => {
    const r = allocate(two({ counties: [{ ...lanshan, factors: { ...lanshan.factors, communities: "0" } }, { ...luozhuang, difficulty: "0" }] }));
    expect(r.notes).toEqual(["各县区改造小区个数与财政困难程度系数之积均为0，该因素权重按比例并入其他因素"]);
    // 罗庄's factors count for nothing at difficulty 0: all 900,000 分 of the factor pool go to 兰山.
    expect(r.lines.map((l) => l.factorFen)).toEqual([900_000, 0]);
  });

  it("with no factor data at all the factor part is shared equally; with no scores the score part follows the factors", () => {
    const empty = { area: "0", households: "0.00", buildings: "0", communities: "0" };
    const r = allocate(two({ counties: [{ ...lanshan, factors: empty, score: null }, { ...luozhuang, factors: empty, score: 0 }] }));
    expect(r.lines.map((l) => l.amountFen)).toEqual([500_000, 500_000]);
    expect(r.notes).toEqual([
      "各县区各项因素（乘以财政困难程度系数后）均为0，因素部分由各县区平均分配",
      "各县区均无绩效得分（或得分均为0），绩效部分按因素部分的比例分配",
    ]);
  });

  it("the workload scheme gives no reward to a county without a grade; when none has one the reward follows the workload", () => {
    const r = allocate(two({ scheme: WORKLOAD_2022, counties: [lanshan, { ...luozhuang, grade: null, score: null }] }));
    expect(r.lines[1].performanceFen).toBe(0);
    expect(r.lines[0].performanceFen).toBe(200_000);
    const none = allocate(two({ scheme: WORKLOAD_2022, counties: [{ ...lanshan, grade: "差" }, { ...luozhuang, grade: null }] }));
    // Reward 200,000 by workload 0.55 : 0.54 → 100,917.43… and 99,082.56… → 100,917 and 99,083.
    expect(none.lines.map((l) => l.performanceFen)).toEqual([100_917, 99_083]);
    expect(none.notes).toEqual(["各县区绩效调节系数均为0（或均无评价等级），奖励资金按任务量分配"]);
  });

  it("nothing is cut when every county is marked", () => {
    const marked = (c: CountyInput) => ({ ...c, cutReasons: ["整改逾期1项"] });
    const r = allocate(two({ cut: DEFAULT_CUT_RULE, counties: [marked(lanshan), marked(luozhuang)] }));
    expect(r.lines.map((l) => l.cutFen)).toEqual([0, 0]);
    expect(r.notes).toEqual(["各县区均被标记核减，本次不作核减"]);
  });

  it("names the county and the field of a bad figure", () => {
    expect(() => allocate(two({ counties: [{ ...lanshan, difficulty: "-1" }, luozhuang] }))).toThrow(new AllocationError("兰山区的财政困难程度系数「-1」不是非负数"));
    expect(() => allocate(two({ counties: [lanshan, { ...luozhuang, factors: { ...luozhuang.factors, area: "12万" } }] }))).toThrow(
      new AllocationError("罗庄区的改造面积「12万」不是有效的数（应为非负数，最多6位小数）"),
    );
    expect(() => allocate(two({ counties: [lanshan, { ...luozhuang, score: -5 }] }))).toThrow("罗庄区的绩效得分「-5」不是非负数");
    expect(() => allocate(two({ counties: [lanshan, { ...lanshan }] }))).toThrow("兰山区在分配名单中重复出现");
    expect(() => allocate(two({ totalFen: 10.5 }))).toThrow("分配总额「10.5」应为不小于0的整数（分）");
    expect(() => allocate(two({ cut: { ...DEFAULT_CUT_RULE, cutBp: 12000 } }))).toThrow("核减比例应在0%到100%之间，现为120%");
  });

  it("without the performance part the factor weights count as 100%", () => {
    // 1,000,000·45/88 = 511,363.63…, ·43/88 = 488,636.36… → the 1 分 to 兰山: 511,364 and 488,636.
    const r = allocate(two(), { withoutPerformance: true });
    expect(r.lines.map((l) => [l.factorFen, l.performanceFen])).toEqual([
      [511_364, 0],
      [488_636, 0],
    ]);
  });
});
