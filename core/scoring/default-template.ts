/**
 * The default indicator template for 老旧小区改造 (shared/SPEC.md §5): the 财预〔2020〕10号 framework
 * with the seed's level-1 and level-2 weights. Level 3 is Wenxiao's default; a finance bureau edits it
 * as a new template version.
 */
import type { IndicatorNode, IndicatorTree } from "./template";

const manual = { rule: { kind: "manual" as const }, source: { kind: "manual" as const } };
const ratio = (source: IndicatorNode["source"]) => ({
  rule: { kind: "ratio" as const, direction: "positive" as const, capped: true },
  source,
  unit: "%",
});
const input = (label: string) => ({ kind: "input" as const, label });
const metric = (key: string) => ({ kind: "metric" as const, metric: key });

/** Metric keys of the registry the default template binds to (server/modules/evaluations/metrics.ts). */
export const DEFAULT_METRICS = {
  executionRate: "ledger.executionRate",
  arrivalRate: "ledger.arrivalRate",
  projectCompletion: "registry.projectCompletion",
  communityCompletion: "registry.communityCompletion",
  householdCompletion: "registry.householdCompletion",
  areaCompletion: "registry.areaCompletion",
  acceptanceRate: "registry.acceptanceRate",
  startTimeliness: "registry.startTimeliness",
  finishTimeliness: "registry.finishTimeliness",
  propertyCoverage: "registry.propertyCoverage",
  residentSatisfaction: "survey.satisfaction",
} as const;

export const DEFAULT_TEMPLATE_NAME = "老旧小区改造补助资金绩效评价指标体系";

export const DEFAULT_TEMPLATE: IndicatorTree = {
  evaluationType: "财政评价",
  totalCap: 10000,
  nodes: [
    {
      code: "decision",
      name: "决策",
      weight: 2200,
      dimension: "决策",
      children: [
        {
          code: "decision.approval",
          name: "项目立项",
          weight: 300,
          children: [
            {
              code: "decision.approval.basis",
              name: "立项依据充分性",
              weight: 150,
              explanation: "项目立项是否符合国家、省、市老旧小区改造政策和本地实施方案。",
              standard: "符合上级政策及本市老旧小区改造实施方案、纳入年度改造计划的得满分；依据不充分的酌情扣分。",
              ...manual,
            },
            {
              code: "decision.approval.procedure",
              name: "立项程序规范性",
              weight: 150,
              explanation: "项目申报、审批、征求居民意见等程序是否规范。",
              standard: "申报审批程序完整、居民改造意愿征集材料齐全的得满分；每缺一项程序或材料扣 0.5 分，扣完为止。",
              ...manual,
            },
          ],
        },
        {
          code: "decision.target",
          name: "绩效目标",
          weight: 400,
          children: [
            {
              code: "decision.target.reasonable",
              name: "绩效目标合理性",
              weight: 200,
              explanation: "年度绩效目标是否与改造任务、资金规模相匹配。",
              standard: "目标与省住建厅下达任务及资金量相匹配的得满分；目标偏低或偏高的酌情扣分。",
              ...manual,
            },
            {
              code: "decision.target.clear",
              name: "绩效指标明确性",
              weight: 200,
              explanation: "绩效指标是否细化、量化、可衡量。",
              standard: "数量、质量、时效、成本、效益指标齐全且可量化的得满分；每缺一类扣 0.5 分。",
              ...manual,
            },
          ],
        },
        {
          code: "decision.input",
          name: "资金投入",
          weight: 1500,
          children: [
            {
              code: "decision.input.budgeting",
              name: "预算编制科学性",
              weight: 800,
              explanation: "预算编制是否经过论证，与项目实施进度、结算周期是否匹配。",
              standard: "预算编制依据充分、额度测算合理、与实施进度匹配的得满分；预算与实际支出需求匹配度不高的酌情扣分。",
              ...manual,
            },
            {
              code: "decision.input.allocation",
              name: "资金分配合理性",
              weight: 700,
              explanation: "资金分配是否按因素法等办法分配，与各县区改造任务是否相适应。",
              standard: "每发现 1 处分配依据不充分或与任务量不匹配的情形扣 0.5 分，扣完为止。",
              rule: { kind: "deduction", perOccurrence: 50, cap: 700 },
              source: input("评价组核查"),
              unit: "处",
            },
          ],
        },
      ],
    },
    {
      code: "process",
      name: "过程",
      weight: 1800,
      dimension: "过程",
      children: [
        {
          code: "process.funds",
          name: "资金管理",
          weight: 1500,
          children: [
            {
              code: "process.funds.arrival",
              name: "资金到位率",
              weight: 300,
              explanation: "资金到位率 = 评价日前实际到位（下达）资金 ÷ 年度预算下达资金 × 100%。",
              standard: "得分 = 分值 × 资金到位率，满分为止。",
              ...ratio(metric(DEFAULT_METRICS.arrivalRate)),
            },
            {
              code: "process.funds.execution",
              name: "预算执行率",
              weight: 800,
              explanation: "预算执行率 = 评价日前实际支付资金 ÷ 实际到位（下达）资金 × 100%。",
              standard: "得分 = 分值 × 预算执行率，满分为止。",
              ...ratio(metric(DEFAULT_METRICS.executionRate)),
            },
            {
              code: "process.funds.compliance",
              name: "资金使用合规性",
              weight: 400,
              explanation: "资金使用是否符合财务管理制度和专项资金管理办法，有无截留、挤占、挪用、虚列支出。",
              standard: "资金使用合规、手续完备的得满分；拨付手续不完备、凭证附件不齐全等情形酌情扣分；存在挤占挪用的本项不得分。",
              ...manual,
            },
          ],
        },
        {
          code: "process.org",
          name: "组织实施",
          weight: 300,
          children: [
            {
              code: "process.org.rules",
              name: "管理制度健全性",
              weight: 150,
              explanation: "是否建立项目管理、资金管理、工程质量管理等制度。",
              standard: "制度健全的得满分；每缺一项制度扣 0.5 分。",
              ...manual,
            },
            {
              code: "process.org.execution",
              name: "制度执行有效性",
              weight: 150,
              explanation: "招投标、监理、合同管理、竣工验收等制度是否得到有效执行。",
              standard: "执行有效的得满分；发现执行不到位的每处扣 0.5 分。",
              ...manual,
            },
          ],
        },
      ],
    },
    {
      code: "output",
      name: "产出",
      weight: 4500,
      dimension: "产出",
      children: [
        {
          code: "output.quantity",
          name: "产出数量",
          weight: 2000,
          children: [
            {
              code: "output.quantity.projects",
              name: "项目完成率",
              weight: 500,
              explanation: "截至评价日已完工的项目个数 ÷ 年度绩效目标项目个数。",
              standard: "得分 = 分值 × 完成率，超额完成按满分。",
              ...ratio(metric(DEFAULT_METRICS.projectCompletion)),
            },
            {
              code: "output.quantity.communities",
              name: "小区完成率",
              weight: 500,
              explanation: "已完工项目所含小区个数 ÷ 年度绩效目标小区个数。",
              standard: "得分 = 分值 × 完成率，超额完成按满分。",
              ...ratio(metric(DEFAULT_METRICS.communityCompletion)),
            },
            {
              code: "output.quantity.households",
              name: "户数完成率",
              weight: 500,
              explanation: "已完工项目所含小区的户数 ÷ 年度绩效目标户数。",
              standard: "得分 = 分值 × 完成率，超额完成按满分。",
              ...ratio(metric(DEFAULT_METRICS.householdCompletion)),
            },
            {
              code: "output.quantity.area",
              name: "面积完成率",
              weight: 500,
              explanation: "已完工项目所含小区的建筑面积 ÷ 年度绩效目标面积。",
              standard: "得分 = 分值 × 完成率，超额完成按满分。",
              ...ratio(metric(DEFAULT_METRICS.areaCompletion)),
            },
          ],
        },
        {
          code: "output.quality",
          name: "产出质量",
          weight: 1000,
          children: [
            {
              code: "output.quality.acceptance",
              name: "竣工验收合格率",
              weight: 1000,
              explanation: "竣工验收合格的项目个数 ÷ 已完工项目个数。",
              standard: "得分 = 分值 × 竣工验收合格率。",
              ...ratio(metric(DEFAULT_METRICS.acceptanceRate)),
            },
          ],
        },
        {
          code: "output.timeliness",
          name: "产出时效",
          weight: 1000,
          children: [
            {
              code: "output.timeliness.start",
              name: "开工及时率",
              weight: 500,
              explanation: "实际开工不晚于计划开工日期后 30 日的项目个数 ÷ 应开工项目个数。",
              standard: "得分 = 分值 × 开工及时率。",
              ...ratio(metric(DEFAULT_METRICS.startTimeliness)),
            },
            {
              code: "output.timeliness.finish",
              name: "完工及时率",
              weight: 500,
              explanation: "实际完工不晚于计划完工日期后 30 日的项目个数 ÷ 应完工项目个数。",
              standard: "得分 = 分值 × 完工及时率。",
              ...ratio(metric(DEFAULT_METRICS.finishTimeliness)),
            },
          ],
        },
        {
          code: "output.cost",
          name: "产出成本",
          weight: 500,
          children: [
            {
              code: "output.cost.control",
              name: "成本控制",
              weight: 500,
              explanation: "项目结算是否控制在批复概算以内，单位改造成本是否合理。",
              standard: "结算控制在批复概算以内、单位改造成本合理的得满分；存在结算超概算、单位成本明显偏高且无合理说明等情形的酌情扣分。",
              ...manual,
            },
          ],
        },
      ],
    },
    {
      code: "outcome",
      name: "效益",
      weight: 1500,
      dimension: "效益",
      children: [
        {
          code: "outcome.social",
          name: "社会效益",
          weight: 400,
          children: [
            {
              code: "outcome.social.living",
              name: "居住环境改善情况",
              weight: 200,
              explanation: "改造后小区基础设施、环境面貌、安全条件的改善程度。",
              standard: "基础设施老化、环境脏乱差问题明显改善的得满分；改善不明显的酌情扣分。",
              ...manual,
            },
            {
              code: "outcome.social.participation",
              name: "社会力量参与程度",
              weight: 200,
              explanation: "居民、原产权单位、专营单位、社会资本等非财政资金参与改造的程度。",
              standard: "非财政资金占比 20% 及以上的项目较多、形成多元筹资机制的得满分；对财政资金依赖程度高的酌情扣分。",
              ...manual,
            },
          ],
        },
        {
          code: "outcome.sustain",
          name: "可持续影响",
          weight: 400,
          children: [
            {
              code: "outcome.sustain.property",
              name: "物业管理覆盖率",
              weight: 200,
              explanation: "已改造小区中实行专业物业、街道社区统管或居民自管的小区个数 ÷ 已改造小区个数。",
              standard: "得分 = 分值 × 物业管理覆盖率。",
              ...ratio(metric(DEFAULT_METRICS.propertyCoverage)),
            },
            {
              code: "outcome.sustain.mechanism",
              name: "长效管护机制",
              weight: 200,
              explanation: "是否建立改造后小区长效管护机制：物业费收缴、维修资金使用、业委会或党建联建等。",
              standard: "长效管护机制健全、物业费收缴正常的得满分；物业费收取困难、收支难以平衡、后续管养机制不健全的酌情扣分。",
              ...manual,
            },
          ],
        },
        {
          code: "outcome.satisfaction",
          name: "满意度",
          weight: 700,
          children: [
            {
              code: "outcome.satisfaction.residents",
              name: "居民满意度",
              weight: 700,
              explanation: "居民满意度调查中已审核接受的问卷，总体满意度表示满意的份数 ÷ 回答了总体满意度的份数（满意的口径由问卷设定）。",
              standard: "得分 = 分值 × 满意率。",
              rule: { kind: "survey", zeroAtBp: 0, fullAtBp: 10000 },
              source: metric(DEFAULT_METRICS.residentSatisfaction),
              unit: "%",
            },
          ],
        },
      ],
    },
  ],
  adjustments: [
    {
      code: "bonus.innovation",
      name: "创新做法与典型经验",
      kind: "bonus",
      max: 200,
      perOccurrence: null,
      standard: "形成可复制、可推广经验并被省级以上推广的酌情加分，最多加 2 分。",
    },
    {
      code: "penalty.audit",
      name: "审计、巡察发现问题",
      kind: "penalty",
      max: 500,
      perOccurrence: 100,
      standard: "评价年度内被审计、巡察等发现问题的，每个问题扣 1 分，最多扣 5 分。",
    },
  ],
  vetoes: [
    { code: "veto.safety", name: "发生重大安全生产责任事故", standard: "改造施工中发生重大安全生产责任事故的，评价等级最高为差。", capGrade: null },
    { code: "veto.misuse", name: "挤占挪用、虚报冒领补助资金", standard: "经查实存在挤占挪用、虚报冒领补助资金的，评价等级最高为差。", capGrade: null },
  ],
};
