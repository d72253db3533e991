/** 首页: the fund year at a glance. */
import { Alert, Card, Col, Progress, Result, Row, Tag, Typography } from "antd";
import { Link, useNavigate } from "react-router";
import { formatDateCn } from "../../../../core/dates";
import type { CountyStanding, FundsSummary } from "../../../../contracts/funds";
import { useFundsSummary } from "../../api";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import type { Permission } from "../../../../core/access";
import { AllocatedPaidChart, type ChartRow } from "../../components/charts";
import { count, rate, wanText } from "../../components/figures";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, PageError, PageSkeleton } from "../../components/states";
import { LinkButton } from "../../components/LinkButton";
import { asOfText, figureStats, StatCards } from "./shared";
import { CountyItemsCard } from "../rectification/CountyItemsCard";
import { CountyVsCityChart, standingStats } from "./CountyStanding";

const LOWEST_COUNT = 5;
const NONE = { allocatedFen: 0, paidFen: 0, executionBp: null };

type CountyRow = ChartRow & { id: number };

export default function HomePage() {
  const { can } = useSession();
  return can("funds.read") ? <LedgerGlance /> : <Welcome />;
}

/** What an account without the ledger (utility, evaluator, system admin) can open, with a line on each. */
const PLACES: { permission: Permission; path: string; title: string; text: string }[] = [
  { permission: "evaluation.read", path: "/evaluations", title: "评价任务", text: "评分表、县区意见反馈、评价结果与导出" },
  { permission: "evaluation.read", path: "/evaluation/templates", title: "指标体系与等级", text: "指标模板（三级指标、权重、评分规则）与等级标准" },
  { permission: "report.check", path: "/reports/check", title: "报告勾稽校验", text: "上传评价报告，核对表内合计、得分率、资金构成与前后文数字" },
  { permission: "communities.read", path: "/communities", title: "小区库", text: "全市老旧小区：建成年份、楼栋、户数、面积、物业管理与改造情况" },
  { permission: "communities.read", path: "/communities/goal", title: "改造目标", text: "“十四五”改造目标的进度，以及按当前速度的预测" },
  { permission: "communities.read", path: "/communities/maintenance", title: "长效管养", text: "已改造小区的物业管理覆盖率与物业费收缴率" },
  { permission: "projects.read", path: "/projects", title: "项目库", text: "项目、改造小区、改造内容、资金结构与实施进度" },
  { permission: "monitoring.read", path: "/monitoring", title: "双监控", text: "各县区进度与时间进度对比、红黄灯预警与偏差原因" },
  { permission: "works.read", path: "/works", title: "施工计划", text: "专营单位在各小区的管线施工计划：登记、修改与开挖安排" },
  { permission: "works.read", path: "/works/conflicts", title: "开挖冲突", text: "同一小区先后开挖的冲突、建议的联合施工窗口与各方确认" },
  { permission: "communities.read", path: "/works/communities", title: "共享小区库", text: "小区基本信息与改造项目的计划开工、完工日期和改造内容（只读）" },
  { permission: "works.read", path: "/works/map", title: "地图", text: "各县区指标地图与小区分布、施工冲突分布" },
  { permission: "review.read", path: "/reviews", title: "报送审核", text: "县区报送数据的审核状态与记录" },
  { permission: "regions.manage", path: "/setup/regions", title: "区划管理", text: "省、市、县区、街道及其行政区划代码：从全国区划添加、手工添加或从 Excel 导入" },
  { permission: "fundyears.manage", path: "/setup/fund-years", title: "资金年度", text: "新建资金年度，开启下一年度，关闭与重新打开" },
  { permission: "programmes.manage", path: "/setup/sources", title: "资金来源与项目", text: "资金来源（财政、非财政）与资金项目的默认指标体系和双监控设置" },
  { permission: "users.manage", path: "/admin/users", title: "账户管理", text: "新建或批量导入账户，分配角色与所属区划，停用、解锁与重置密码" },
  { permission: "audit.read", path: "/admin/audit", title: "审计日志", text: "登录与各项操作的记录，哈希链校验与导出" },
];

function Welcome() {
  const { me, can } = useSession();
  const { linkTo } = useLedger();
  const places = PLACES.filter((p) => can(p.permission));
  return (
    <>
      <PageHeader title={`欢迎，${me.displayName}`} subtitle={`${me.roleLabel}账户${me.organisation ? ` · ${me.organisation}` : ""}。资金台账不在本账户的查看范围内；以下是您可以使用的功能。`} />
      {places.length ? (
        <Row gutter={[16, 16]}>
          {places.map((p) => (
            <Col key={p.path} xs={24} md={12} xl={8}>
              <Link to={linkTo(p.path)}>
                <Card hoverable title={p.title} size="small">
                  <Typography.Text type="secondary">{p.text}</Typography.Text>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      ) : (
        <Result status="info" title="本账户暂无可用功能" subTitle="请联系系统管理员调整角色或权限。" />
      )}
    </>
  );
}

function LedgerGlance() {
  const { fundYear, params } = useLedger();
  const summary = useFundsSummary(params);

  if (summary.isPending) return <PageSkeleton />;
  if (summary.isError) return <PageError error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const countyRows: CountyRow[] = s.counties.map((c) => ({ id: c.id, name: c.name, ...(s.byCounty.find((b) => b.countyId === c.id) ?? NONE) }));
  // A 县区 account's home is its county's, set against the city (the server sends the city's figures).
  const own = s.standing && countyRows.length === 1 ? countyRows[0] : null;
  const when =
    s.asOf === fundYear.evaluationDate ? `${asOfText(s.asOf)}（评价日）` : `${asOfText(s.asOf)}（本年度评价日为${formatDateCn(fundYear.evaluationDate)}）`;

  return (
    <>
      <PageHeader
        title={`${own ? own.name : fundYear.region.name}${fundYear.programme} ${fundYear.year}年度`}
        subtitle={own ? `${fundYear.region.name}${own.name}资金执行概况，与全市对比，${when}` : `资金执行概况，${when}`}
      />
      {fundYear.isDemo && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="当前为示例数据：资金总额与预算执行率由系统按下达、支付记录计算，与《临沂市老旧小区改造补助资金全周期跟踪问效报告》（2022年7月）一致；项目名称、日期及各县区分配为合成数据。"
        />
      )}
      <StatCards
        stats={[
          ...figureStats(s.total, s.asOf),
          ...(own && s.standing ? standingStats(s, s.standing) : []),
          ...(own
            ? [{ title: "项目数", value: count(s.counts.projects), suffix: "个", note: `支付 ${count(s.counts.payments)} 笔，下达文件 ${count(s.counts.allocations)} 笔` }]
            : [
                { title: "项目数", value: count(s.counts.projects), suffix: "个", note: `${s.counties.length}个县区` },
                { title: "支付笔数", value: count(s.counts.payments), suffix: "笔", note: `下达文件 ${count(s.counts.allocations)} 笔` },
              ]),
        ]}
      />
      <CountyItemsCard />
      {s.total.allocatedFen === 0 ? (
        <NoMoneyYet asOf={s.asOf} />
      ) : (
        <>
          {own && s.standing ? <OwnCounty county={own} summary={s} standing={s.standing} /> : <Counties rows={countyRows} />}
          <SourceCards summary={s} />
        </>
      )}
    </>
  );
}

/** A year without allocations yet (a new city, a new year): what to do first, and where. */
function NoMoneyYet({ asOf }: { asOf: string }) {
  const { linkTo } = useLedger();
  const { can } = useSession();
  return (
    <Card>
      <Result
        status="info"
        title={`${asOfText(asOf)}尚无下达资金记录`}
        subTitle={
          can("funds.allocate")
            ? "请先在“数据导入”中下载资金下达模板，按县区、资金来源和文号填写后导入；导入后这里显示各县区的下达、支付与预算执行率。"
            : "财政部门导入资金下达后，这里显示各县区的下达、支付与预算执行率。"
        }
        extra={
          can("funds.allocate") || can("funds.pay")
            ? [
                <LinkButton key="import" type="primary" to={linkTo("/imports")}>
                  导入资金数据
                </LinkButton>,
                can("projects.write") && (
                  <LinkButton key="projects" to={linkTo("/projects/import")}>
                    导入项目库
                  </LinkButton>
                ),
              ]
            : undefined
        }
      />
    </Card>
  );
}

/** The counties side by side, and those with the lowest 预算执行率. */
function Counties({ rows }: { rows: CountyRow[] }) {
  const { linkTo } = useLedger();
  const navigate = useNavigate();
  const lowest = rows
    .filter((r) => r.executionBp !== null)
    .sort((a, b) => a.executionBp! - b.executionBp! || a.name.localeCompare(b.name, "zh-CN"))
    .slice(0, LOWEST_COUNT);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card title="各县区资金下达与支付（万元）" extra={<Link to={linkTo("/funds")}>查看资金总览</Link>} style={{ height: "100%" }}>
          <AllocatedPaidChart
            ariaLabel="各县区下达资金、已支付与预算执行率柱状图"
            rows={rows}
            height={380}
            onSelect={(i) => navigate(linkTo(`/funds/counties/${rows[i].id}`))}
          />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title="预算执行率较低的县区" style={{ height: "100%" }}>
          {lowest.length === 0 ? (
            <EmptyState description="暂无数据" />
          ) : (
            <ol className="rank-list" aria-label="预算执行率较低的县区">
              {lowest.map((r, i) => (
                <li key={r.id}>
                  <div style={{ display: "flex", justifyContent: "space-between", alignItems: "baseline" }}>
                    <span>
                      <Tag style={{ minWidth: 26, textAlign: "center" }}>{i + 1}</Tag>
                      <Link to={linkTo(`/funds/counties/${r.id}`)}>{r.name}</Link>
                    </span>
                    <span className="num" style={{ fontWeight: 600 }}>
                      {rate(r.executionBp)}
                    </span>
                  </div>
                  <Progress percent={(r.executionBp ?? 0) / 100} showInfo={false} size="small" status="normal" style={{ margin: "4px 0 0" }} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} className="num">
                    下达 {wanText(r.allocatedFen)} 万元 · 已支付 {wanText(r.paidFen)} 万元
                  </Typography.Text>
                </li>
              ))}
            </ol>
          )}
        </Card>
      </Col>
    </Row>
  );
}

/** A 县区 user sees one county against the city: its rate beside the city's by source, and the way to its projects. */
function OwnCounty({ county, summary, standing }: { county: CountyRow; summary: FundsSummary; standing: CountyStanding }) {
  const { linkTo } = useLedger();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title={`预算执行率：${county.name}与${standing.city.name}`} extra={<Link to={linkTo("/funds")}>查看资金总览</Link>} style={{ height: "100%" }}>
          <CountyVsCityChart summary={summary} standing={standing} countyName={county.name} />
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={`${county.name}各资金来源下达与支付（万元）`} extra={<Link to={linkTo(`/funds/counties/${county.id}`)}>查看本县区项目明细</Link>} style={{ height: "100%" }}>
          <AllocatedPaidChart
            ariaLabel="各资金来源下达资金、已支付与预算执行率柱状图"
            rateMarkersOnly
            rows={summary.sources.map((src) => ({ name: src.name, ...(summary.bySource.find((b) => b.sourceId === src.id) ?? NONE) }))}
          />
        </Card>
      </Col>
    </Row>
  );
}

function SourceCards({ summary }: { summary: FundsSummary }) {
  return (
    <Card title="按资金来源" style={{ marginTop: 16 }}>
      <Row gutter={[24, 16]}>
        {summary.sources.map((src) => {
          const f = summary.bySource.find((b) => b.sourceId === src.id) ?? NONE;
          return (
            <Col key={src.id} xs={24} md={12} xl={8}>
              <div style={{ border: "1px solid #eef0f4", borderRadius: 6, padding: "12px 16px" }}>
                <div style={{ display: "flex", justifyContent: "space-between", marginBottom: 4 }}>
                  <Typography.Text strong>{src.name}</Typography.Text>
                  <span className="num" style={{ fontWeight: 600 }}>
                    {rate(f.executionBp)}
                  </span>
                </div>
                <Progress percent={(f.executionBp ?? 0) / 100} showInfo={false} status="normal" style={{ margin: "2px 0 4px" }} />
                <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }} className="num">
                  下达 {wanText(f.allocatedFen)} 万元 · 已支付 {wanText(f.paidFen)} 万元
                </Typography.Text>
              </div>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
