/** 双监控 board: counties × indicators with traffic lights for a reporting period. */
import { useState } from "react";
import { Alert, App, Button, Card, DatePicker, Flex, Form, Modal, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { SettingOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { formatDateCn } from "../../../../core/dates";
import { formatBasisPoints, parseDecimal } from "../../../../core/money";
import type { Board, Indicator, PaymentStepInfo } from "../../../../contracts/monitoring";
import { PAYMENT_STAGE_LABEL, paymentScheduleProblems } from "../../../../core/monitoring";
import { NUMBER_LIMITS } from "../../../../contracts/limits";
import { NumberField, numberRule } from "../../components/NumberField";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage, PageError, PageSkeleton } from "../../components/states";
import { useBoard, useUpdateIndicator } from "./api";
import { LightTag } from "./shared";
import { ScrollTable } from "../../components/ScrollTable";

type Row = Board["counties"][number];

/** The reporting period of the URL (?period=2022-Q2); undefined lets the server pick the 评价日's. */
export function usePeriodParam(): [string | undefined, (p: string) => void] {
  const [search, setSearch] = useSearchParams();
  const period = search.get("period") ?? undefined;
  return [
    period,
    (p: string) =>
      setSearch((prev) => {
        const next = new URLSearchParams(prev);
        next.set("period", p);
        return next;
      }),
  ];
}

export function PeriodSelect({ periods, value, onChange }: { periods: Board["periods"]; value: string; onChange: (p: string) => void }) {
  return (
    <Select
      aria-label="监测期次"
      style={{ width: 170 }}
      value={value}
      onChange={onChange}
      options={[...periods].reverse().map((p) => ({ value: p.code, label: p.label }))}
    />
  );
}

export default function MonitoringPage() {
  const { fundYear, linkTo } = useLedger();
  const { me, can } = useSession();
  const navigate = useNavigate();
  const [period, setPeriod] = usePeriodParam();
  const board = useBoard(fundYear.id, period);
  const [editing, setEditing] = useState<Indicator | null>(null);

  // A 县区 user's board is their own county's page.
  if (me.county) return <Navigate replace to={linkTo(`/monitoring/counties/${me.county.id}`, { period })} />;
  if (board.isPending) return <PageSkeleton />;
  if (board.isError) return <PageError error={board.error} onRetry={() => void board.refetch()} />;
  const b = board.data;
  const flagged = b.counties.flatMap((r) => r.cells).filter((c) => c.light === "red" || c.light === "yellow");
  const open = (countyId: number) => navigate(linkTo(`/monitoring/counties/${countyId}`, { period: b.period.code }));

  const columns: TableColumnsType<Row> = [
    {
      title: "县区",
      dataIndex: ["county", "name"],
      fixed: "left",
      width: 90,
      render: (name: string, r) => (
        <Link to={linkTo(`/monitoring/counties/${r.county.id}`, { period: b.period.code })} onClick={(e) => e.stopPropagation()}>
          {name}
        </Link>
      ),
    },
    ...b.indicators.map((ind, i) => ({
      title: ind.name,
      key: ind.measure,
      align: "center" as const,
      render: (_: unknown, r: Row) => <LightTag cell={r.cells[i]} />,
    })),
    {
      title: "本期已报送",
      key: "reported",
      align: "right",
      width: 110,
      render: (_: unknown, r) => (r.reported === 0 ? <Tag color="red">未报送</Tag> : <span className="num">{r.reported} / {r.projects}</span>),
    },
    {
      title: (
        <Tooltip title={LAGGING_PROJECTS_RULE}>
          <span>预警项目（个，已说明）</span>
        </Tooltip>
      ),
      key: "lagging",
      align: "right",
      width: 170,
      render: (_: unknown, r) => (
        <span className="num">
          {r.laggingProjects} / {r.projects}（{r.explainedProjects}）
        </span>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="双监控"
        subtitle={`时间过半、任务过半：${b.period.label}末（${formatDateCn(b.period.end)}）各县区进度与应达进度对比`}
        extra={<PeriodSelect periods={b.periods} value={b.period.code} onChange={setPeriod} />}
      />
      <Card size="small" style={{ marginBottom: 16 }} title="监测指标与预警规则">
        <Table<Indicator>
          aria-label="监测指标"
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={b.indicators}
          columns={[
            { title: "指标", dataIndex: "name", width: 130 },
            { title: "计算方法", dataIndex: "rule" },
            { title: "应达进度", dataIndex: "expected" },
            { title: "监测期", key: "window", width: 250, render: (_: unknown, i) => <span className="num">{formatDateCn(i.windowFrom)} 至 {formatDateCn(i.windowTo)}</span> },
            {
              title: "预警规则（落后于应达进度）",
              key: "gaps",
              width: 260,
              render: (_: unknown, i) => (
                <Flex gap={6}>
                  <Tag color="warning">≥{formatBasisPoints(i.yellowGapBp)} 黄</Tag>
                  <Tag color="error">≥{formatBasisPoints(i.redGapBp)} 红</Tag>
                </Flex>
              ),
            },
            ...(can("monitoring.configure")
              ? [{ title: "", key: "edit", width: 60, render: (_: unknown, i: Indicator) => <Button type="link" size="small" icon={<SettingOutlined />} aria-label={`设置${i.name}`} onClick={() => setEditing(i)} /> }]
              : []),
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          进度落后于应达进度达到黄色或红色阈值即预警，由县区说明偏差原因和完成可能性。资金支付不按日历时间要求付清：项目按自身支付节点（完工、竣工验收、结算后的应付比例）衡量，县区按其项目的下达资金加权。
        </Typography.Text>
      </Card>
      <WarningSummary board={b} flagged={flagged} />
      <Card title={`各县区监测情况（${b.period.label}）`}>
        <ScrollTable<Row>
          aria-label="监测看板"
          className="monitoring-board"
          size="small"
          rowKey={(r) => r.county.id}
          pagination={false}
          columns={columns}
          dataSource={b.counties}
          scroll={{ x: 1000 }}
          rowClassName={() => "clickable-row"}
          onRow={(r) => ({ onClick: () => open(r.county.id) })}
          summary={() => (
            <Table.Summary.Row style={{ fontWeight: 600, background: "#fafbfc" }}>
              <Table.Summary.Cell index={0}>全市</Table.Summary.Cell>
              {b.city.cells.map((c, i) => (
                <Table.Summary.Cell key={c.measure} index={i + 1} align="center">
                  <LightTag cell={c} />
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={b.indicators.length + 1} align="right">
                <span className="num">{b.city.reported} / {b.city.projects}</span>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={b.indicators.length + 2} />
            </Table.Summary.Row>
          )}
        />
        <Flex gap={16} style={{ marginTop: 8 }} wrap>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            单元格为县区期末进度；绿：正常，黄、红：落后于应达进度，✎：县区已说明原因。点击县区查看各期趋势和滞后项目。
          </Typography.Text>
        </Flex>
      </Card>
      {editing && <IndicatorModal indicator={editing} board={b} onClose={() => setEditing(null)} />}
    </>
  );
}

/** What the 预警项目 count counts, for its tooltip. */
const LAGGING_PROJECTS_RULE =
  "在任一监测指标上落后于本项目应达进度的项目个数（开工、完工按项目计划日期，资金支付按项目支付节点），括号内为各项预警均已说明原因的项目数。与“预警县区指标”不同：后者按县区整体进度计。";

/**
 * The two counts of the board, each named for what it counts: county × indicator cells that lag
 * (预警县区指标), and projects that lag their own schedule (预警项目).
 */
function WarningSummary({ board: b, flagged }: { board: Board; flagged: Board["counties"][number]["cells"] }) {
  const red = flagged.filter((c) => c.light === "red").length;
  const projects = b.counties.reduce((a, r) => a + r.laggingProjects, 0);
  const explainedProjects = b.counties.reduce((a, r) => a + r.explainedProjects, 0);
  const all = b.counties.reduce((a, r) => a + r.projects, 0);
  const cells = b.counties.length * b.indicators.length;
  const countyText = flagged.length
    ? `预警县区指标 ${flagged.length} 项（红色 ${red} 项、黄色 ${flagged.length - red} 项，已说明原因 ${flagged.filter((c) => c.explanation).length} 项）`
    : "县区指标均未预警";
  return (
    <Alert
      style={{ marginBottom: 16 }}
      type={red > 0 ? "error" : flagged.length > 0 || projects > 0 ? "warning" : "success"}
      showIcon
      title={
        <Flex gap={8} wrap align="center">
          <span>{`${b.period.label}：`}</span>
          <Tooltip title={`${b.counties.length} 个县区 × ${b.indicators.length} 项监测指标 = ${cells} 项，按县区整体进度与应达进度比较。`}>
            <span style={{ borderBottom: "1px dashed currentColor", cursor: "help" }}>{countyText}</span>
          </Tooltip>
          <span>；</span>
          <Tooltip title={LAGGING_PROJECTS_RULE}>
            <span style={{ borderBottom: "1px dashed currentColor", cursor: "help" }}>{`预警项目 ${projects} 个（共 ${all} 个项目，已说明原因 ${explainedProjects} 个）`}</span>
          </Tooltip>
        </Flex>
      }
    />
  );
}

const YELLOW = { ...NUMBER_LIMITS.warningGap, label: "黄色预警" };
const RED = { ...NUMBER_LIMITS.warningGap, label: "红色预警" };

const SHARE = NUMBER_LIMITS.paymentShare;
const TERM = NUMBER_LIMITS.paymentTerm;

interface IndicatorForm {
  window: [dayjs.Dayjs, dayjs.Dayjs];
  yellow: number;
  red: number;
  /** 资金支付进度 only: the fund year's payment schedule, share in % and term in days per stage. */
  steps?: { share: number; term: number }[];
}

function IndicatorModal({ indicator, board, onClose }: { indicator: Indicator; board: Board; onClose: () => void }) {
  const { message } = App.useApp();
  const update = useUpdateIndicator();
  const [form] = Form.useForm<IndicatorForm>();
  const toBp = (v: number) => parseDecimal(String(v), 2) ?? 0;
  const payment = indicator.measure === "payment";
  // A schedule the server would refuse is refused here first, so that nothing of the form is saved.
  const [problem, setProblem] = useState<string | null>(null);
  const failed = problem ?? (update.error ? errorMessage(update.error) : null);
  const save = async (v: IndicatorForm) => {
    const steps: PaymentStepInfo[] | null =
      payment && v.steps ? board.paymentSchedule.map((s, i) => ({ stage: s.stage, shareBp: toBp(v.steps![i].share), termDays: Number(v.steps![i].term) })) : null;
    const problems = steps ? paymentScheduleProblems(steps) : [];
    setProblem(problems.length ? problems.join("；") : null);
    if (problems.length) return;
    // Thresholds and schedule in one request: the server saves both or neither.
    await update.mutateAsync({
      id: indicator.id,
      windowFrom: v.window[0].format("YYYY-MM-DD"),
      windowTo: v.window[1].format("YYYY-MM-DD"),
      yellowGapBp: toBp(v.yellow),
      redGapBp: toBp(v.red),
      ...(steps ? { paymentSchedule: steps } : {}),
    });
    message.success("已保存，看板按新规则重新计算");
    onClose();
  };
  return (
    <Modal
      open
      title={`设置监测指标：${indicator.name}`}
      okText="保存"
      cancelText="取消"
      width={payment ? 600 : 520}
      confirmLoading={update.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      {failed && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={failed} />}
      <Form<IndicatorForm>
        form={form}
        layout="vertical"
        initialValues={{
          window: [dayjs(indicator.windowFrom), dayjs(indicator.windowTo)],
          yellow: indicator.yellowGapBp / 100,
          red: indicator.redGapBp / 100,
          steps: board.paymentSchedule.map((s) => ({ share: s.shareBp / 100, term: s.termDays })),
        }}
        // The error is shown above; the form stays open with what was typed.
        onFinish={(v) => void save(v).catch(() => undefined)}
      >
        <Form.Item name="window" label="监测期（应完成这项工作的时间段）" rules={[{ required: true, message: "请选择监测期" }]}>
          <DatePicker.RangePicker style={{ width: "100%" }} format="YYYY年M月D日" />
        </Form.Item>
        <Flex gap={16}>
          <Form.Item name="yellow" label="黄色预警：落后（百分点）" rules={[{ required: true, message: "请填写" }, numberRule(YELLOW)]} style={{ flex: 1 }}>
            <NumberField limit={YELLOW} style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="red" label="红色预警：落后（百分点）" rules={[{ required: true, message: "请填写" }, numberRule(RED)]} style={{ flex: 1 }}>
            <NumberField limit={RED} style={{ width: "100%" }} />
          </Form.Item>
        </Flex>
        {payment && (
          <fieldset aria-label="支付节点" style={{ border: 0, padding: 0, margin: 0 }}>
            <Typography.Text strong>支付节点（{board.fundYear.year}年度各项目的应付进度）</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "4px 0 8px" }}>
              项目到达某一节点并过了支付期限后，应付至该比例；比例须逐节点不降。开工后尚不要求支付（当年开工、次年支付）。
            </Typography.Paragraph>
            {board.paymentSchedule.map((s, i) => (
              <Flex key={s.stage} gap={12} align="baseline">
                <span style={{ width: 72, flex: "none" }}>{PAYMENT_STAGE_LABEL[s.stage]}后</span>
                <Form.Item name={["steps", i, "term"]} rules={[{ required: true, message: "请填写" }, numberRule(TERM)]} style={{ flex: 1, marginBottom: 12 }}>
                  <NumberField limit={TERM} aria-label={`${PAYMENT_STAGE_LABEL[s.stage]}后支付期限（天）`} suffix="天内" style={{ width: "100%" }} />
                </Form.Item>
                <span style={{ flex: "none" }}>付至</span>
                <Form.Item name={["steps", i, "share"]} rules={[{ required: true, message: "请填写" }, numberRule(SHARE)]} style={{ flex: 1, marginBottom: 12 }}>
                  <NumberField limit={SHARE} aria-label={`${PAYMENT_STAGE_LABEL[s.stage]}后应付比例（%）`} suffix="%" style={{ width: "100%" }} />
                </Form.Item>
              </Flex>
            ))}
          </fieldset>
        )}
      </Form>
    </Modal>
  );
}
