/**
 * The seed report (shared/seed/linyi-2021-report.txt) written by hand as a ReportDocument, for the
 * renderer tests: all seven chapters in the seed's words, 表1 and 表2 as tables, and the main figures
 * of chapters 一–四 as figure inlines. Paragraphs the seed's page breaks cut in two are joined.
 */
import type { ReportBlock, ReportDocument, ReportFigure, ParagraphSource } from "../../../core/report/model";
import { fillTemplate, type FigureSet } from "../../../core/report/template";

const AS_OF = "2022-06-30";

/** key → [text as written, what it is]. Paragraphs name them as {{key}}. */
const FIGURES: Record<string, [text: string, label: string]> = {
  "funds.total": ["23763", "2021年度市级以上补助资金（万元）"],
  "funds.central": ["16158", "中央补助资金（万元）"],
  "funds.province": ["6105", "省级补助资金（万元）"],
  "funds.city": ["1500", "市级补助资金（万元）"],
  "exec.rate": ["81.24%", "市级以上预算资金执行率"],
  "exec.central": ["100%", "中央资金预算执行率"],
  "registry.projects": ["307", "改造完成项目数"],
  "registry.communities": ["341", "改造完成小区数"],
  "registry.households": ["53389", "改造户数"],
  "registry.area": ["517.8", "改造面积（万平方米）"],
  "counties.count": ["12", "涉及县区数"],
  "score.total": ["90.02", "综合评价得分"],
  "score.grade": ["优", "评价等级"],
  "l1.decision.score": ["19.09", "决策得分"],
  "l1.decision.rate": ["86.77%", "决策得分率"],
  "l1.process.score": ["16.22", "过程得分"],
  "l1.process.rate": ["90.11%", "过程得分率"],
  "l1.output.score": ["41.66", "产出得分"],
  "l1.output.rate": ["92.58%", "产出得分率"],
  "l1.benefit.score": ["13.05", "效益得分"],
  "l1.benefit.rate": ["87%", "效益得分率"],
  "score.rate": ["90.02%", "综合得分率"],
  "cofund.fayuan.amount": ["239.9", "河东法院家属院居民出资（万元）"],
  "cofund.fayuan.share": ["63.41%", "河东法院家属院居民出资占比"],
};

const COUNTIES: [name: string, score: string, mode: string][] = [
  ["兰山区", "93.08", "现场与非现场评价"],
  ["罗庄区", "93.54", "现场与非现场评价"],
  ["河东区", "90.85", "现场与非现场评价"],
  ["沂南县", "91.5", "非现场评价"],
  ["郯城县", "89.5", "现场与非现场评价"],
  ["沂水县", "87.51", "非现场评价"],
  ["兰陵县", "88.47", "现场与非现场评价"],
  ["平邑县", "84", "非现场评价"],
  ["费县", "89.5", "现场与非现场评价"],
  ["莒南县", "85.5", "非现场评价"],
  ["蒙阴县", "90.97", "非现场评价"],
  ["临沭县", "89.93", "现场与非现场评价"],
];

function figure(key: string, text: string, label: string): ReportFigure {
  const numeric = /^[\d.]+%?$/.test(text);
  return {
    key,
    text,
    value: numeric ? text.replace("%", "") : null,
    trace: { label, formula: "（示例）", asOf: AS_OF, parts: [], link: null },
  };
}

function allFigures(): Record<string, ReportFigure> {
  const figures: Record<string, ReportFigure> = {};
  for (const [key, [text, label]] of Object.entries(FIGURES)) figures[key] = figure(key, text, label);
  COUNTIES.forEach(([name, score], i) => {
    figures[`county.${i + 1}.score`] = figure(`county.${i + 1}.score`, score, `${name}综合评价得分`);
  });
  return figures;
}

/** The seed's chapters: a heading is [level, text]; a paragraph is its template string. */
type Item = [1 | 2 | 3 | 4, string] | string | { table: 1 | 2 };

const CHAPTERS: { source: ParagraphSource; items: Item[] }[] = [
  {
    source: "computed",
    items: [
      [1, "一、项目基本情况"],
      [2, "（一）项目立项目的及实施背景"],
      "老旧小区是指城市或县城国有土地上建成时间较长，失养失修失管严重、市政配套设施不完善、公共服务和社会服务设施不健全、居民改造意愿强烈的住宅小区。老旧小区改造是指对老旧小区及相关区域的建筑、环境、配套设施等进行基础改造、完善和提升的活动。",
      "2020年7月6日临沂市人民政府研究通过了《临沂市深入推进老旧小区改造实施方案》，方案中明确了临沂市老旧小区改造范围、内容、程序、方式、融资模式以及配套措施等内容。",
      [2, "（二）项目预算安排和支出情况"],
      "2021年度临沂市老旧小区改造市级以上补助资金{{funds.total}}万元，其中：中央补助{{funds.central}}万元、省级补助{{funds.province}}万元、市级补助{{funds.city}}万元。根据要求，老旧小区改造项目为当年开工，支付一般为下一年度，截止评价日，市级以上预算资金执行率为{{exec.rate}}，其中中央资金为{{exec.central}}。",
      [2, "（三）项目主要内容和实施情况"],
      [3, "1.项目主要内容。"],
      "资金主要用于支持老旧小区及相关区域的建筑、环境、配套设施等进行基础改造、完善和提升。其中基础类改造主要是拆违拆临、安防、环卫、消防、道路、照明、绿化、水电气暖、光纤、建筑物修缮、管线规整等，突出解决基础设施老化、环境脏乱差问题；完善类改造主要是完善社区和物业用房、建筑节能改造、加装电梯、停车场、文化、体育健身、无障碍设施等；提升类改造主要是完善社区养老、托幼、医疗、家政、商业设施以及智慧社区等。老旧小区的具体改造内容和标准由县（区）确定。",
      [3, "2.项目实施情况。"],
      "2021年，临沂市改造完成{{registry.projects}}个项目（{{registry.communities}}个小区），{{registry.households}}户，{{registry.area}}万平方米。各县区根据民意、小区的实际情况及改造资金规模设计出可行的实施方案，改造内容主要以基础类为主，同时涉及部分完善类和提升类内容。",
      [1, "二、项目绩效目标"],
      [2, "（一）总体绩效目标"],
      "到“十四五”末，在完成2000年前建成的老旧小区改造基础上，确保完成2005年前建成的老旧小区改造任务的85%以上，并力争全部完成后，建设宜居整洁、安全绿色、设施完善、服务便民、和谐共享的“美好住区”。",
      [2, "（二）2021年度绩效目标"],
      "2021年，争取完成省住建厅下达临沂市285个项目（296个小区），48400户，458.75万平方米的老旧小区改造任务。争取通过整治改造，改变老旧小区脏乱差的面貌，实现人民群众对美好生活的向往。",
      [1, "三、评价基本情况"],
      [2, "（一）绩效评价目的、对象和范围"],
      [3, "1.评价目的"],
      "城镇老旧小区改造工作是中央和省委省政府确定的重点民生工程，社会关注度高、资金投入量大，拟通过全周期跟踪问效，全面跟踪掌握各县区资金使用、项目完成、社会资本筹资和群众满意度等情况，深入分析总结工作中存在的不足，同时将跟踪问效结果作为专项资金安排和分配的重要依据，引导县区持续深入推进临沂市城镇老旧小区改造工作。",
      [3, "2.评价对象与范围"],
      "本次老旧小区改造补助资金绩效评价范围为：2021年度老旧小区改造补助资金{{funds.total}}万元（其中中央补助资金{{funds.central}}万元、省级补助资金{{funds.province}}万元、市级补助资金{{funds.city}}万元），共涉及{{counties.count}}个县区、{{registry.projects}}个项目。",
      [1, "四、评价结论和绩效分析"],
      [2, "（一）综合评价结论"],
      "经综合评价，2021年老旧小区改造项目效果明显，群众满意度较高，评价得分为{{score.total}}分，评级为{{score.grade}}。",
      [2, "（二）绩效分析"],
      [3, "1.综合评价结论分析"],
      "根据综合评价结果，各指标得分情况见表1。",
      { table: 1 },
      [4, "(1) 决策指标分析"],
      "决策分值 22 分，实际得分 {{l1.decision.score}} 分，得分率 {{l1.decision.rate}}。其中项目立项得分 3 分，绩效目标得分 4 分，资金投入得分 12.09 分。",
      [4, "(2) 项目过程情况"],
      "过程分值 18 分，实际得分 {{l1.process.score}} 分，得分率 {{l1.process.rate}}。其中资金管理得分 13.22 分，组织实施得分 3 分。",
      [4, "(3) 产出指标分析"],
      "产出分值 45 分，实际得分 {{l1.output.score}} 分，得分率 {{l1.output.rate}}。",
      [4, "(4) 效益指标分析"],
      "效益分值 15 分，实际得分 {{l1.benefit.score}} 分，得分率 {{l1.benefit.rate}}。其中社会效益得分 3.70 分，可持续影响得 2.77 分，满意度得 6.58 分。",
      [3, "2.分县区评价得分及结论"],
      "各县区具体评价得分情况详见表 2。",
      { table: 2 },
    ],
  },
  {
    source: "rule",
    items: [
      [1, "五、项目主要经验及做法"],
      [2, "（一）积极争取筹集改造资金"],
      "积极争取中央专项补助资金、中央预算内投资补助资金、省市奖补资金及专项债券，同时通过企业、专营单位和原产权单位出资等渠道，筹集改造资金。如罗庄、兰陵、费县通过新增专项债券筹集资金；河东区以国有平台公司为实施主体，充分调动居民的改造意愿，积极出资，全力推进老旧小区改造。一是由国有平台公司临沂城发城建开发有限公司（河东城发子公司）作为实施主体，负责项目的实施。二是充分调动居民的出资意愿。河东法院家属院在改造供水、供暖过程中，居民共出资 {{cofund.fayuan.amount}} 万元，占小区改造总投资的 {{cofund.fayuan.share}}。九曲街道家属院在改造燃气的过程中，居民共出资 16.16 万元，占小区改造总投资的 10.44%。",
      [2, "（二）采取多种措施提高项目质量效果"],
      "结合老旧小区改造工程实际，由住建部门组织统一设计，统一招投标，统一竣工验收，由住建部门具体实施。在施工过程中，一是狠抓安全文明施工，严格遵守安全施工操作规程，保证居民正常生活秩序；二是严把工程质量，对每道施工工序和工艺坚持高标准，严要求施工，及时克服和解决不良气候、施工场地受限等客观条件带来的不利影响；三是注重经济效益和社会效益，科学合理利用小区改造资金，高标准完成改造任务。",
      [2, "（三）建立政府和专营单位齐抓共管的工作机制"],
      "临沂市成立老旧小区综合整治改造工作领导小组，下设综合协调组、项目审批组、融资和资金保障组、专营设施改造服务组、宣传报道组等 5 个工作组，统筹推进全市老旧小区改造工作。各县区印发《深入推进老旧小区改造实施方案》，建立起政府统筹、条块协作、各部门齐抓共管的专门工作机制，形成工作合力。与水电气热信等相关专营设施增设或改造计划有效衔接。",
      [1, "六、存在问题及原因分析"],
      [2, "（一）预算执行率不够高"],
      "2021 年老旧小区改造项目已全部完工，中央补助资金预算执行率为 {{exec.central}}。但由于项目工程结算尚未完成、地方财政紧张，省级及市级补助资金预算执行率较低。截止评价日，各县区市级以上补助资金平均预算执行率为 {{exec.rate}}。",
      [2, "（二）项目对财政资金依赖程度过高"],
      "当前老旧小区改造项目主要依靠财政资金投入，由市场化运作的很少。随着老旧小区改造标准提高，改造成本逐年上升，单靠政府投入，难以满足改造资金需求。虽然采取措施多方面筹集改造资金，但企业、产权单位（原产权单位）、专业经营单位等社会力量及居民出资占比在 20%及以上的项目不多；全市没有通过银行贷款、企业债券等社会金融资本筹集资金的项目。",
      [2, "（三）受资金限制改造内容不够全面"],
      "老旧小区改造项目涉及人员多，且以老年人为主，群众诉求多、要求高。但由于资金不足、资源有限，当前阶段只能按照先急后缓的原则，重点解决群众最急需、最迫切的需求，主要是基础类改造。对于群众比较关心的养老、托幼、医疗卫生等设施提升未能有效实施，“加装电梯”项目涉及较少，提升类改造不足。",
      [2, "（四）长效管养等后续管理亟待加强"],
      "老旧小区居民由于长期的生活习惯，没有付费购买服务的意识，实施改造后老旧小区物业费收取困难较大。部分老旧小区即便收取少量物业管理费，物业公司也难以实现收支平衡，长效管养等后续管理亟待加强。",
      [1, "七、意见建议"],
      [2, "（一）加强预算管理，提高预算执行率"],
      "统筹安排市级老旧小区改造补助资金，积极争取中央、省补助资金，形成资金合力，并按规定用途使用资金，确保资金的使用效益。根据项目实施进度及时拨付资金，提高预算执行率，避免资金闲置、挪用。",
      [2, "（二）健全完善机制，提高长效管养能力"],
      "一是建立健全统筹协调机制。针对供水、通信等专营单位协调难的问题，加强顶层设计，从市级层面加强部门间沟通协调，充分利用信息化手段，将老旧小区数据库和专营单位实现共享，专营单位提前介入，明确整治标准，统一施工安排，避免各自为政、反复开挖。",
      // 「etc」 is the seed's own wording (kept verbatim).
      "二是建立健全长效管养机制。推动老旧小区的“红色业委会”建设，以“沂蒙红色物业”党建联建推动共建共治共享，综合采取专业化物业管理或街道、社区统一管理 etc 模式，逐步实现改造后老旧小区物业管理全覆盖。同时加强宣传引导，提高老旧小区居民购买服务的意识。",
      [2, "（三）开拓筹集渠道，缓解改造资金压力"],
      "采取“财政补助、居民出资、社会支持”的方式，动员居民、相关企业主动分担费用，用好用活住宅专项维修资金，让维修资金更多地投入到老旧小区改造中去。树立典型标杆，充分调动各县区积极性，发挥示范引领作用，在改造方式、推进机制、融资模式等方面，真正形成具有地方特色的可复制、可推广的经验。",
      [2, "（四）逐步扩大改造范围，不断提高居住质量"],
      "外墙保温、加装电梯等完善类以及养老、托育、医疗卫生等提升类改造是目前老旧小区改造的难点项目，群众对此需求极大，由于资金及条件限制，一直未能有效实施。建议对外墙保温、加装电梯等完善类以及养老、托育、医疗卫生等提升类试点工作进行总结，加大政策宣传和引导，扩大群众对政策的知晓度。及时受理居民申请，进一步精简办事程序，让老旧小区改造这一民生工程惠及更多居民。",
    ],
  },
];

function table1(set: FigureSet): ReportBlock {
  const row = (...cells: string[]) => cells.map((c) => fillTemplate(c, set));
  return {
    kind: "table",
    key: "table1",
    caption: "表1 各指标得分情况表",
    header: ["项目", "决策", "过程", "产出", "效益", "合计"],
    rows: [
      row("分值", "22", "18", "45", "15", "100"),
      row("得分", "{{l1.decision.score}}", "{{l1.process.score}}", "{{l1.output.score}}", "{{l1.benefit.score}}", "{{score.total}}"),
      row("得分率", "{{l1.decision.rate}}", "{{l1.process.rate}}", "{{l1.output.rate}}", "{{l1.benefit.rate}}", "{{score.rate}}"),
    ],
    widths: [1.3, 1, 1, 1, 1, 1],
  };
}

function table2(set: FigureSet): ReportBlock {
  return {
    kind: "table",
    key: "table2",
    caption: "表2 各县区综合评价得分情况表",
    header: ["序号", "名称", "实际得分", "备注"],
    rows: COUNTIES.map(([name, , mode], i) => [String(i + 1), name, `{{county.${i + 1}.score}}`, mode].map((c) => fillTemplate(c, set))),
    widths: [1, 2, 1.6, 3],
  };
}

export function seedFixture(): ReportDocument {
  const set: FigureSet = { figures: allFigures(), lists: {} };
  const blocks: ReportBlock[] = [];
  let n = 0;
  for (const { source, items } of CHAPTERS) {
    for (const item of items) {
      if (typeof item === "string") blocks.push({ kind: "paragraph", key: `p${++n}`, inlines: fillTemplate(item, set), source, version: null });
      else if (Array.isArray(item)) blocks.push({ kind: "heading", level: item[0], text: item[1], key: null });
      else blocks.push(item.table === 1 ? table1(set) : table2(set));
    }
  }
  return {
    title: "临沂市老旧小区改造补助资金全周期跟踪问效报告",
    dateText: "二〇二二年七月",
    author: null,
    blocks,
    figures: set.figures,
    meta: {
      taskId: 1,
      taskName: "临沂市2021年度老旧小区改造补助资金全周期跟踪问效",
      fundYearId: 1,
      year: 2021,
      region: "临沂市",
      asOf: AS_OF,
      live: false,
      version: 1,
      generatedAt: "2022-07-15T00:00:00.000Z",
      isDemo: false,
    },
  };
}
