/**
 * One county's 双监控: its lights, the trend over the periods, and — on one screen — which of its
 * projects lag, on what, and why (偏差原因, 完成可能性). Counties record causes and report progress here.
 */
import { useMemo, useState } from "react";
import { Alert, App, Button, Card, DatePicker, Drawer, Flex, Form, Input, Modal, Radio, Segmented, Table, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { EditOutlined, FormOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { Link, useParams } from "react-router";
import { formatDateCn } from "../../../../core/dates";
import { describeAmountProblem, formatBasisPoints, formatWan, parseAmount, parseDecimal, readAmount } from "../../../../core/money";
import { DEVIATION_CAUSE_LABEL, DEVIATION_CAUSES, LIKELIHOOD_LABEL, LIKELIHOODS, type DeviationCause, type Likelihood } from "../../../../core/monitoring";
import type { Cell, CountyMonitor, ProjectMonitor } from "../../../../contracts/monitoring";
import { NUMBER_LIMITS } from "../../../../contracts/limits";
import { NumberField, numberProblem, type NumberFieldValue } from "../../components/NumberField";
import { ApiError } from "../../api";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { lockedFor, ReviewLockAlert } from "../review/ReviewLock";
import { ProjectStatus, wan } from "../../components/figures";
import { PageHeader } from "../../components/PageHeader";
import { ProblemsTable } from "../../components/ProblemsTable";
import { errorMessage, PageError, PageSkeleton } from "../../components/states";
import { useCountyMonitor, useSaveExplanation, useSaveProgress } from "./api";
import { TrendChart } from "./charts";
import { PeriodSelect, usePeriodParam } from "./MonitoringPage";
import { LightTag } from "./shared";
import { ACTIONS_KEY, ScrollTable } from "../../components/ScrollTable";

interface Target {
  projectId: number | null;
  name: string;
  cells: Cell[];
}

export default function CountyMonitorPage() {
  const countyId = Number(useParams().countyId);
  const { fundYear, linkTo } = useLedger();
  const { me, can } = useSession();
  const [period, setPeriod] = usePeriodParam();
  const view = useCountyMonitor(countyId, fundYear.id, period);
  const [onlyLagging, setOnlyLagging] = useState<"lagging" | "all">("lagging");
  const [explaining, setExplaining] = useState<Target | null>(null);
  const [reporting, setReporting] = useState(false);
  const [chosenMeasure, setTrendMeasure] = useState<string | null>(null);

  const crumbs = me.county ? [] : [{ title: "双监控", to: linkTo("/monitoring", { period }) }];
  if (view.isPending) return <PageSkeleton />;
  if (view.isError) {
    return (
      <>
        <PageHeader title="县区监测" crumbs={[...crumbs, { title: "县区" }]} />
        <PageError error={view.error} onRetry={() => void view.refetch()} />
      </>
    );
  }
  const v = view.data;
  const locked = lockedFor(me, v.review);
  const canReport = can("monitoring.report") && !locked;
  const lagging = v.projects.filter((p) => p.light === "red" || p.light === "yellow");
  const shown = onlyLagging === "lagging" ? lagging : v.projects;
  const countyFlagged = v.cells.some((c) => c.light === "red" || c.light === "yellow");
  // The trend opens on the worst indicator of the period.
  const worstCell = [...v.cells].sort((a, b) => (b.gapBp ?? -1e9) - (a.gapBp ?? -1e9))[0];
  const trendMeasure = chosenMeasure ?? worstCell?.measure ?? v.indicators[0]?.measure;

  const columns: TableColumnsType<ProjectMonitor> = [
    {
      title: "项目",
      key: "project",
      fixed: "left",
      width: 220,
      render: (_: unknown, p) => (
        <div>
          <Link to={linkTo(`/projects/${p.project.id}`)}>{p.project.name}</Link>
          <div className="num" style={{ fontSize: 12, color: "rgba(0,0,0,0.45)" }}>
            {p.project.code}
            {!p.reportedThisPeriod && <Tag style={{ marginInlineStart: 6, fontSize: 11, lineHeight: "16px" }}>本期未填报</Tag>}
          </div>
        </div>
      ),
    },
    { title: "期末状态", key: "status", width: 80, render: (_: unknown, p) => <ProjectStatus status={p.project.status} /> },
    ...v.indicators.map((ind, i) => ({
      title: ind.name.replace(/进度$/, ""),
      key: ind.measure,
      align: "center" as const,
      width: 92,
      render: (_: unknown, p: ProjectMonitor) => <LightTag cell={p.cells[i]} compact />,
    })),
    {
      title: "偏差原因与完成可能性",
      key: "why",
      render: (_: unknown, p) => <Reasons cells={p.cells} names={v.indicators.map((i) => i.name)} />,
    },
    ...(canReport
      ? [
          {
            title: "操作",
            // Fixed at the right by ScrollTable: the table scrolls between the project and its action.
            key: ACTIONS_KEY,
            width: 112,
            render: (_: unknown, p: ProjectMonitor) =>
              p.light === "red" || p.light === "yellow" ? (
                <Button size="small" icon={<EditOutlined />} onClick={() => setExplaining({ projectId: p.project.id, name: `${p.project.code} ${p.project.name}`, cells: p.cells })}>
                  说明原因
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={`${v.county.name}双监控`}
        subtitle={`${v.period.label}末（${formatDateCn(v.period.end)}）：预警项目 ${lagging.length} 个（共 ${v.projects.length} 个项目，按各项目自身计划和支付节点），预警县区指标 ${v.cells.filter((c) => c.light === "red" || c.light === "yellow").length} 项（按县区整体进度）`}
        crumbs={crumbs.length ? [...crumbs, { title: v.county.name }] : undefined}
        extra={
          <>
            <PeriodSelect periods={v.periods} value={v.period.code} onChange={setPeriod} />
            {canReport && (
              <Button type="primary" icon={<FormOutlined />} onClick={() => setReporting(true)}>
                填报{v.period.label}进度
              </Button>
            )}
          </>
        }
      />
      {locked && <ReviewLockAlert review={v.review} what={`${v.period.label}进度`} />}
      <Card style={{ marginBottom: 16 }} title="本县区监测情况">
        <Table
          aria-label="本县区监测指标"
          size="small"
          rowKey="measure"
          pagination={false}
          dataSource={v.indicators.map((ind, i) => ({ ...ind, i, cell: v.cells[i] }))}
          columns={[
            { title: "指标", dataIndex: "name", width: 130 },
            { title: "进度", key: "light", width: 110, render: (_: unknown, r) => <LightTag cell={r.cell} /> },
            {
              title: "应达进度",
              key: "elapsed",
              width: 100,
              align: "right",
              render: (_: unknown, r) => (
                <Tooltip title={r.expected}>
                  <span className="num" style={{ borderBottom: "1px dashed rgba(0,0,0,0.25)", cursor: "help" }}>
                    {formatBasisPoints(r.cell.elapsedBp)}
                  </span>
                </Tooltip>
              ),
            },
            { title: "落后", key: "gap", width: 90, align: "right", render: (_: unknown, r) => <span className="num">{r.cell.gapBp !== null && r.cell.gapBp > 0 ? formatBasisPoints(r.cell.gapBp) : "—"}</span> },
            {
              title: v.city.name,
              key: "city",
              width: 110,
              align: "right",
              render: (_: unknown, r) => <span className="num">{formatBasisPoints(v.city.trend.at(-1)?.[r.i]?.progressBp ?? null)}</span>,
            },
            {
              title: "全市排名",
              key: "rank",
              width: 100,
              align: "right",
              render: (_: unknown, r) => {
                const x = v.city.ranks[r.i];
                return <span className="num">{x?.rank ? `第 ${x.rank} / ${x.of}` : "—"}</span>;
              },
            },
            { title: "偏差原因与完成可能性", key: "why", render: (_: unknown, r) => <Reasons cells={[r.cell]} names={[r.name]} /> },
          ]}
        />
        {canReport && countyFlagged && (
          <Button style={{ marginTop: 12 }} icon={<EditOutlined />} onClick={() => setExplaining({ projectId: null, name: `${v.county.name}（县区整体）`, cells: v.cells })}>
            说明县区整体偏差原因
          </Button>
        )}
      </Card>
      <Card
        title="各期进度趋势"
        style={{ marginBottom: 16 }}
        extra={<Segmented aria-label="趋势指标" value={trendMeasure} onChange={(x) => setTrendMeasure(String(x))} options={v.indicators.map((i) => ({ value: i.measure, label: short(i.name) }))} />}
      >
        {(() => {
          const i = Math.max(0, v.indicators.findIndex((x) => x.measure === trendMeasure));
          return (
            <TrendChart
              periods={v.trend.map((t) => t.period.label)}
              series={[
                { name: `${v.county.name}${v.indicators[i].name}`, progress: v.trend.map((t) => t.cells[i].progressBp), elapsed: v.trend.map((t) => t.cells[i].elapsedBp) },
                { name: `${v.city.name}${v.indicators[i].name}`, progress: v.city.trend.map((cs) => cs[i]?.progressBp ?? null) },
              ]}
            />
          );
        })()}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          实线为{v.county.name}和{v.city.name}各期末的实际进度，虚线为{v.county.name}的应达进度（资金支付按各项目支付节点，其余为时间进度）；实线低于虚线即落后。全市排名按本期进度从高到低。
        </Typography.Text>
      </Card>
      <Card
        title={`项目监测（${v.period.label}）`}
        extra={
          <Segmented
            aria-label="项目范围"
            value={onlyLagging}
            onChange={(x) => setOnlyLagging(x as "lagging" | "all")}
            options={[
              { value: "lagging", label: `有预警的项目（${lagging.length}）` },
              { value: "all", label: `全部项目（${v.projects.length}）` },
            ]}
          />
        }
      >
        <ScrollTable<ProjectMonitor>
          aria-label="项目监测"
          className="project-monitor"
          size="small"
          rowKey={(p) => p.project.id}
          columns={columns}
          dataSource={shown}
          scroll={{ x: 1100 }}
          pagination={shown.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          locale={{ emptyText: onlyLagging === "lagging" ? "本期没有预警项目" : "本县区没有项目" }}
        />
      </Card>
      {explaining && <ExplainModal view={v} target={explaining} onClose={() => setExplaining(null)} />}
      {reporting && <ReportDrawer view={v} onClose={() => setReporting(false)} />}
    </>
  );
}

/** Short indicator names for the reasons column: 开工, 完工, 形象, 投资完成, 资金支付. */
const short = (name: string) => name.replace(/进度$/, "");

function Reasons({ cells, names }: { cells: Cell[]; names: string[] }) {
  const flagged = cells.map((c, i) => ({ c, name: short(names[i]) })).filter(({ c }) => c.light === "red" || c.light === "yellow");
  if (!flagged.length) return <Typography.Text type="secondary">—</Typography.Text>;
  const waiting = flagged.filter(({ c }) => !c.explanation).map(({ name }) => name);
  return (
    <Flex vertical gap={2} style={{ fontSize: 12 }}>
      {flagged
        .filter(({ c }) => c.explanation)
        .map(({ c, name }) => (
          <Tooltip key={c.measure} title={c.explanation!.note ?? undefined}>
            <span>
              <Typography.Text strong style={{ fontSize: 12 }}>
                {name}：
              </Typography.Text>
              {DEVIATION_CAUSE_LABEL[c.explanation!.cause]}，{LIKELIHOOD_LABEL[c.explanation!.likelihood]}完成
            </span>
          </Tooltip>
        ))}
      {waiting.length > 0 && <span style={{ color: "#cf1322" }}>待说明原因：{waiting.join("、")}</span>}
    </Flex>
  );
}

function ExplainModal({ view, target, onClose }: { view: CountyMonitor; target: Target; onClose: () => void }) {
  const { message } = App.useApp();
  const save = useSaveExplanation();
  const flagged = view.indicators.map((ind, i) => ({ ind, cell: target.cells[i] })).filter(({ cell }) => cell.light === "red" || cell.light === "yellow");
  const first = flagged.find(({ cell }) => !cell.explanation) ?? flagged[0];
  const [form] = Form.useForm();
  const fill = (measure: string) => {
    const e = flagged.find((f) => f.ind.measure === measure)?.cell.explanation;
    form.setFieldsValue({ cause: e?.cause, likelihood: e?.likelihood, note: e?.note ?? "" });
  };
  return (
    <Modal open title={`说明偏差原因：${target.name}`} okText="保存" cancelText="取消" confirmLoading={save.isPending} onCancel={onClose} onOk={() => form.submit()} width={560}>
      {save.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorMessage(save.error)} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ measure: first?.ind.measure, cause: first?.cell.explanation?.cause, likelihood: first?.cell.explanation?.likelihood, note: first?.cell.explanation?.note ?? "" }}
        onFinish={(x: { measure: CountyMonitor["indicators"][number]["measure"]; cause: DeviationCause; likelihood: Likelihood; note: string }) =>
          save.mutate(
            { fundYearId: view.fundYear.id, period: view.period.code, measure: x.measure, countyId: view.county.id, projectId: target.projectId, cause: x.cause, likelihood: x.likelihood, note: x.note?.trim() || null },
            { onSuccess: () => (message.success("已保存偏差原因"), onClose()) },
          )
        }
      >
        <Form.Item name="measure" label="预警指标" rules={[{ required: true, message: "请选择预警指标" }]}>
          <Radio.Group onChange={(e) => fill(e.target.value)}>
            <Flex vertical gap={6}>
              {flagged.map(({ ind, cell }) => (
                <Radio key={ind.measure} value={ind.measure}>
                  {ind.name}：进度 {formatBasisPoints(cell.progressBp)}，应达 {formatBasisPoints(cell.elapsedBp)} <LightTag cell={cell} compact />
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="cause" label="偏差原因" rules={[{ required: true, message: "请选择偏差原因" }]}>
          <Radio.Group options={DEVIATION_CAUSES.map((c) => ({ value: c, label: DEVIATION_CAUSE_LABEL[c] }))} optionType="button" />
        </Form.Item>
        <Form.Item name="likelihood" label="能否按期完成" rules={[{ required: true, message: "请选择完成可能性" }]}>
          <Radio.Group options={LIKELIHOODS.map((c) => ({ value: c, label: LIKELIHOOD_LABEL[c] }))} optionType="button" />
        </Form.Item>
        <Form.Item name="note" label="具体说明">
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：项目工程结算尚未完成，市级补助资金待结算审计后拨付" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ReportRow {
  projectId: number;
  code: string;
  name: string;
  plannedFen: number;
  physical: NumberFieldValue;
  /** 万元 as exact decimal text (to the 分), so an unchanged row sends back the same amount; a typed figure is a number (or the text while it is none). */
  investedWan: NumberFieldValue;
  start: dayjs.Dayjs | null;
  completion: dayjs.Dayjs | null;
}

function ReportDrawer({ view, onClose }: { view: CountyMonitor; onClose: () => void }) {
  const { message } = App.useApp();
  const save = useSaveProgress();
  const initial = useMemo<ReportRow[]>(
    () =>
      view.projects.map((p) => ({
        projectId: p.project.id,
        code: p.project.code,
        name: p.project.name,
        plannedFen: p.plannedFen,
        physical: p.report ? p.report.physicalBp / 100 : 0,
        investedWan: formatWan(p.report?.investedFen ?? 0, { decimals: 6 }),
        start: p.project.actualStartOn ? dayjs(p.project.actualStartOn) : null,
        completion: p.project.actualCompletionOn ? dayjs(p.project.actualCompletionOn) : null,
      })),
    [view],
  );
  const [rows, setRows] = useState(initial);
  const set = (i: number, patch: Partial<ReportRow>) => setRows((r) => r.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const problems = save.error instanceof ApiError ? save.error.problems : [];

  const submit = () => {
    // A figure out of range or not a number is named, never clamped or sent as 0.
    for (const r of rows) {
      const problem = numberProblem(NUMBER_LIMITS.physicalProgress, r.physical) ?? numberProblem(NUMBER_LIMITS.investedWan, r.investedWan);
      if (problem) return void message.error(`${r.code} ${r.name}：${problem}`);
      const invested = readAmount(String(r.investedWan ?? "") || "0", "wan");
      if (!invested.ok) return void message.error(`${r.code} ${r.name}：累计完成投资${describeAmountProblem(String(r.investedWan ?? ""), invested.problem, "wan").replace(/^金额/, "")}`);
    }
    const body = rows.map((r) => ({
      projectId: r.projectId,
      physicalBp: parseDecimal(String(r.physical ?? 0), 2) ?? 0,
      investedFen: parseAmount(String(r.investedWan ?? "") || "0", "wan")!,
      actualStartOn: r.start ? r.start.format("YYYY-MM-DD") : null,
      actualCompletionOn: r.completion ? r.completion.format("YYYY-MM-DD") : null,
    }));
    save.mutate({ fundYearId: view.fundYear.id, period: view.period.code, rows: body }, { onSuccess: (x) => (message.success(`已保存 ${x.saved} 个项目的${view.period.label}进度`), onClose()) });
  };

  const columns: TableColumnsType<ReportRow & { i: number }> = [
    { title: "项目", key: "name", width: 260, render: (_: unknown, r) => <span>{r.name}<div className="num" style={{ fontSize: 12, color: "rgba(0,0,0,0.45)" }}>{r.code} · 计划投资 {wan(r.plannedFen)} 万元</div></span> },
    {
      title: "形象进度（%）",
      key: "physical",
      width: 130,
      render: (_: unknown, r) => <NumberField limit={NUMBER_LIMITS.physicalProgress} inlineError aria-label={`${r.code} 形象进度`} value={r.physical} onChange={(x) => set(r.i, { physical: x })} style={{ width: 110 }} />,
    },
    {
      title: "累计完成投资（万元）",
      key: "invested",
      width: 170,
      render: (_: unknown, r) => <NumberField limit={NUMBER_LIMITS.investedWan} inlineError aria-label={`${r.code} 累计完成投资`} value={r.investedWan} onChange={(x) => set(r.i, { investedWan: x })} style={{ width: 150 }} />,
    },
    { title: "实际开工", key: "start", width: 160, render: (_: unknown, r) => <DatePicker aria-label={`${r.code} 实际开工日期`} value={r.start} format="YYYY-MM-DD" onChange={(d) => set(r.i, { start: d })} /> },
    { title: "实际完工", key: "completion", width: 160, render: (_: unknown, r) => <DatePicker aria-label={`${r.code} 实际完工日期`} value={r.completion} format="YYYY-MM-DD" onChange={(d) => set(r.i, { completion: d })} /> },
  ];

  return (
    <Drawer
      open
      title={`填报${view.period.label}进度：${view.county.name}`}
      // antd 6 sizes a drawer by `size` (its `width` is ignored beside size="large"): room for every field.
      size={1000}
      onClose={onClose}
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={submit}>
            提交本期进度
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">
        形象进度和完成投资为截至{formatDateCn(view.period.end)}的累计数，不能低于以前各期已报的数；已完工的项目形象进度应为100%。提交后监测看板立即按新数据计算。
      </Typography.Paragraph>
      {save.isError && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorMessage(save.error)} />}
      {problems.length > 0 && (
        <div style={{ marginBottom: 12 }}>
          <ProblemsTable problems={problems} />
        </div>
      )}
      <ScrollTable aria-label="进度填报" size="small" rowKey="projectId" pagination={false} columns={columns} dataSource={rows.map((r, i) => ({ ...r, i }))} scroll={{ x: 880 }} />
    </Drawer>
  );
}
