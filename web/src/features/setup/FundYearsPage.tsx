/** 资金年度: every year of every programme in the account's regions; create, start the next, close and reopen. */
import { useState } from "react";
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Tag, Tooltip, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { formatDateCn } from "../../../../core/dates";
import { defaultEvaluationDate, defaultWindows, shiftYears } from "../../../../core/fund-year";
import type { FundYear } from "../../../../contracts/funds";
import { NUMBER_LIMITS, numberProblem } from "../../../../contracts/limits";
import { NumberField, numberRule } from "../../components/NumberField";
import { PERIOD_KIND_LABEL, REASON_MAX, REASON_MIN } from "../../../../contracts/setup";
import { ApiError, useFundYears } from "../../api";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState, InlineError, PageError, PageSkeleton } from "../../components/states";
import { beijingTime } from "../../components/figures";
import { useCloseFundYear, useCreateFundYear, useFundYearDetail, useNextFundYear, useProgrammes, useRegions, useReopenFundYear } from "./api";
import { ACTIONS_KEY, ScrollTable } from "../../components/ScrollTable";

const DATE = "YYYY-MM-DD";
const range = (from: string, to: string) => `${formatDateCn(from)} 至 ${formatDateCn(to)}`;

interface CreateForm {
  programmeId: number;
  regionId: number;
  year: number;
  evaluationDate: Dayjs;
  allocation: [Dayjs, Dayjs];
  payment: [Dayjs, Dayjs];
}

/** The form's dates for a year: the server's defaults (core/fund-year.ts). */
function datesFor(year: number): Pick<CreateForm, "evaluationDate" | "allocation" | "payment"> {
  const w = defaultWindows(year);
  return {
    evaluationDate: dayjs(defaultEvaluationDate(year)),
    allocation: [dayjs(w.allocationFrom), dayjs(w.allocationTo)],
    payment: [dayjs(w.paymentFrom), dayjs(w.paymentTo)],
  };
}

function CreateFundYearModal({ open, onClose, latestYear }: { open: boolean; onClose: () => void; latestYear: number | null }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const programmes = useProgrammes();
  const regions = useRegions();
  const create = useCreateFundYear();
  const offered = (regions.data ?? []).filter((r) => r.inScope && !r.retired && (r.level === "city" || r.level === "province"));
  const year = latestYear === null ? new Date().getFullYear() : latestYear + 1;

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const d = (x: Dayjs) => x.format(DATE);
    try {
      const r = await create.mutateAsync({
        programmeId: v.programmeId,
        regionId: v.regionId,
        year: v.year,
        evaluationDate: d(v.evaluationDate),
        allocationFrom: d(v.allocation[0]),
        allocationTo: d(v.allocation[1]),
        paymentFrom: d(v.payment[0]),
        paymentTo: d(v.payment[1]),
      });
      message.success(`已新建资金年度：${r.fundYear.region.name}${r.fundYear.year}年度${r.fundYear.programme}，可在页面顶部切换到该年度`);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) {
        const field: Record<string, keyof CreateForm> = { 评价日: "evaluationDate", 资金下达期: "allocation", 资金支付期: "payment", regionId: "regionId" };
        form.setFields(e.problems.filter((p) => p.column && field[p.column]).map((p) => ({ name: field[p.column!], errors: [p.message] })));
      }
    }
  };

  return (
    <Modal title="新建资金年度" open={open} onCancel={onClose} onOk={() => void save()} okText="新建" confirmLoading={create.isPending} destroyOnHidden width={560}>
      {(programmes.isError || regions.isError) && <InlineError error={programmes.error ?? regions.error} />}
      <Form
        form={form}
        layout="vertical"
        requiredMark="optional"
        preserve={false}
        initialValues={{ year, programmeId: programmes.data?.find((p) => p.builtin)?.id, regionId: offered[0]?.id, ...datesFor(year) }}
        // A new year moves every date to that year's defaults.
        onValuesChange={(changed: Partial<CreateForm>) => {
          if (typeof changed.year === "number" && !numberProblem(NUMBER_LIMITS.fundYear, changed.year)) form.setFieldsValue(datesFor(changed.year));
        }}
      >
        <Form.Item name="programmeId" label="资金项目" rules={[{ required: true, message: "请选择资金项目" }]}>
          <Select loading={programmes.isPending} options={(programmes.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Space size="middle" style={{ display: "flex" }}>
          <Form.Item name="regionId" label="地区" rules={[{ required: true, message: "请选择地区" }]} style={{ minWidth: 240 }} extra="资金年度属于市或省">
            <Select loading={regions.isPending} options={offered.map((r) => ({ value: r.id, label: `${r.name}（${r.levelLabel}）` }))} notFoundContent="没有可选的市或省，请先在行政区划中添加" />
          </Form.Item>
          <Form.Item name="year" label="年度" rules={[{ required: true, message: "请填写年度" }, numberRule(NUMBER_LIMITS.fundYear)]}>
            <NumberField limit={NUMBER_LIMITS.fundYear} aria-label="年度" style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item name="evaluationDate" label="评价日" rules={[{ required: true, message: "请选择评价日" }]} extra="资金和绩效数据默认截至此日统计；默认为次年6月30日">
          <DatePicker style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="allocation" label="资金下达期" rules={[{ required: true, message: "请选择资金下达期" }]} extra="导入的下达日期须在此期间；默认上年10月1日（提前下达）至当年年底">
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="payment" label="资金支付期" rules={[{ required: true, message: "请选择资金支付期" }]} extra="导入的支付日期须在此期间；默认当年1月1日至次年年底（当年开工，支付一般为下一年度）">
          <DatePicker.RangePicker />
        </Form.Item>
        {create.error && <InlineError title="未能新建" error={create.error} />}
      </Form>
    </Modal>
  );
}

/** What 开启下一年度 carries over, read from the server before the user confirms. */
function NextYearModal({ from, onClose }: { from: FundYear | null; onClose: () => void }) {
  const { message } = App.useApp();
  const detail = useFundYearDetail(from?.id ?? null);
  const next = useNextFundYear();
  const d = detail.data;
  const shift = (x: string) => shiftYears(x, 1);
  return (
    <Modal
      title={from ? `开启 ${from.year + 1} 年度` : ""}
      open={from !== null}
      onCancel={onClose}
      okText={from ? `开启${from.year + 1}年度` : "开启"}
      okButtonProps={{ disabled: !d }}
      confirmLoading={next.isPending}
      destroyOnHidden
      width={600}
      onOk={async () => {
        if (!from) return;
        try {
          const r = await next.mutateAsync(from.id);
          message.success(`已开启${r.fundYear.region.name}${r.fundYear.year}年度${r.fundYear.programme}，可在页面顶部切换到该年度`);
          onClose();
        } catch {
          // Shown below.
        }
      }}
    >
      {detail.isPending && <PageSkeleton rows={1} />}
      {detail.isError && <InlineError error={detail.error} onRetry={() => void detail.refetch()} />}
      {from && d && (
        <>
          <Typography.Paragraph>
            将从{from.region.name}
            {from.year}年度{from.programme}开启{from.year + 1}年度，沿用以下设置（日期顺延一年）：
          </Typography.Paragraph>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="评价日">{formatDateCn(shift(from.evaluationDate))}</Descriptions.Item>
            <Descriptions.Item label="资金下达期">{range(shift(from.allocationFrom), shift(from.allocationTo))}</Descriptions.Item>
            <Descriptions.Item label="资金支付期">{range(shift(from.paymentFrom), shift(from.paymentTo))}</Descriptions.Item>
            <Descriptions.Item label="指标体系模板">{d.template ? `${d.template.name}（第 ${d.template.version} 版）` : "未指定，评价时选择"}</Descriptions.Item>
            <Descriptions.Item label="双监控">
              {d.carried.monitoringIndicators ? `${d.carried.periodKind ? PERIOD_KIND_LABEL[d.carried.periodKind] : ""}填报，${d.carried.monitoringIndicators} 项监测指标及其预警阈值，监测期顺延一年` : "按资金项目的默认设置"}
            </Descriptions.Item>
            <Descriptions.Item label="绩效目标">{d.carried.targets ? `${d.carried.targets} 项指标（全市及各县区），目标值待设定` : "无"}</Descriptions.Item>
            <Descriptions.Item label="报告文字">{d.carried.paragraphs ? `${d.carried.paragraphs} 段（政策背景、评价目的等）` : "无"}</Descriptions.Item>
          </Descriptions>
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            message="不结转任何资金"
            description={`资金下达（${d.holds.allocations} 笔）、资金支付（${d.holds.payments} 笔）和项目（${d.holds.projects} 个）留在${from.year}年度，${from.year}年度的数据不作任何改动。新年度的资金和项目须另行导入。`}
          />
          {next.error && <InlineError title="未能开启下一年度" error={next.error} />}
        </>
      )}
    </Modal>
  );
}

function ReopenModal({ year, onClose }: { year: FundYear | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const reopen = useReopenFundYear();
  return (
    <Modal
      title={year ? `重新打开 ${year.region.name}${year.year}年度` : ""}
      open={year !== null}
      onCancel={onClose}
      okText="重新打开"
      confirmLoading={reopen.isPending}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields().catch(() => null);
        if (!v || !year) return;
        try {
          await reopen.mutateAsync({ id: year.id, reason: v.reason.trim() });
          message.success(`已重新打开${year.region.name}${year.year}年度${year.programme}`);
          onClose();
        } catch {
          // Shown below.
        }
      }}
    >
      <Typography.Paragraph type="secondary">重新打开后该年度的数据可以再次修改。原因将记入审计日志。</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label="重新打开的原因"
          rules={[
            { required: true, whitespace: true, message: "请填写重新打开的原因" },
            { min: REASON_MIN, message: `原因至少 ${REASON_MIN} 个字` },
            { max: REASON_MAX, message: `原因不超过 ${REASON_MAX} 个字` },
          ]}
        >
          <Input.TextArea rows={3} maxLength={REASON_MAX} showCount placeholder="如：补录遗漏的支付凭证" />
        </Form.Item>
      </Form>
      {reopen.error && <InlineError title="未能重新打开" error={reopen.error} />}
    </Modal>
  );
}

export default function FundYearsPage() {
  const { modal, message } = App.useApp();
  const years = useFundYears();
  const close = useCloseFundYear();
  const [creating, setCreating] = useState(false);
  const [nextFrom, setNextFrom] = useState<FundYear | null>(null);
  const [reopening, setReopening] = useState<FundYear | null>(null);

  if (years.isPending) return <PageSkeleton rows={1} />;
  if (years.isError) return <PageError error={years.error} onRetry={() => void years.refetch()} />;
  const list = years.data;
  const exists = (f: FundYear, year: number) => list.some((x) => x.programmeId === f.programmeId && x.region.id === f.region.id && x.year === year);
  const latestYear = list.length ? Math.max(...list.map((f) => f.year)) : null;

  const confirmClose = (f: FundYear) =>
    modal.confirm({
      title: `关闭 ${f.region.name}${f.year}年度${f.programme}？`,
      content: "关闭后该年度的资金导入、项目、双监控填报和评价任务都只能查看，不能修改；如需修改须由财政部门重新打开并填写原因。",
      okText: "关闭年度",
      okButtonProps: { danger: true },
      onOk: () =>
        close.mutateAsync(f.id).then(
          () => void message.success(`已关闭${f.region.name}${f.year}年度，该年度数据只读`),
          (e: unknown) => void message.error(e instanceof Error ? e.message : "关闭失败"),
        ),
    });

  return (
    <>
      <PageHeader
        title="资金年度"
        subtitle="每个资金项目在每个市（省）每年一个资金年度，设定评价日和资金下达、支付的日期范围。开启下一年度沿用上一年度的设置，不结转资金；关闭的年度只读。"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建资金年度
          </Button>
        }
      />
      <Card>
        {list.length === 0 ? (
          <EmptyState description="还没有资金年度。点击「新建资金年度」开始。" />
        ) : (
          <ScrollTable<FundYear>
            aria-label="资金年度列表"
            rowKey="id"
            size="middle"
            dataSource={list}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 1100 }}
            columns={[
              { title: "资金项目", dataIndex: "programme", width: 200 },
              { title: "地区", width: 90, render: (_, f) => f.region.name },
              { title: "年度", dataIndex: "year", width: 110, render: (y: number, f) => <Space size={4}>{y}{f.isDemo && <Tag>示例数据</Tag>}</Space> },
              { title: "评价日", dataIndex: "evaluationDate", width: 130, render: formatDateCn },
              { title: "资金下达期", render: (_, f) => range(f.allocationFrom, f.allocationTo) },
              { title: "资金支付期", render: (_, f) => range(f.paymentFrom, f.paymentTo) },
              {
                title: "状态",
                width: 90,
                render: (_, f) =>
                  f.closed ? (
                    <Tooltip title={`关闭于 ${beijingTime(f.closedAt)}（北京时间）`}>
                      <Tag>已关闭</Tag>
                    </Tooltip>
                  ) : (
                    <Tag color="processing">进行中</Tag>
                  ),
              },
              {
                title: "操作",
                key: ACTIONS_KEY,
                width: 210,
                render: (_, f) => (
                  <Space size={0} wrap>
                    {!exists(f, f.year + 1) && (
                      <Button type="link" size="small" onClick={() => setNextFrom(f)}>
                        开启下一年度
                      </Button>
                    )}
                    {f.closed ? (
                      <Button type="link" size="small" onClick={() => setReopening(f)}>
                        重新打开
                      </Button>
                    ) : (
                      <Button type="link" size="small" danger onClick={() => confirmClose(f)}>
                        关闭
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      <CreateFundYearModal open={creating} onClose={() => setCreating(false)} latestYear={latestYear} />
      <NextYearModal from={nextFrom} onClose={() => setNextFrom(null)} />
      <ReopenModal year={reopening} onClose={() => setReopening(null)} />
    </>
  );
}
