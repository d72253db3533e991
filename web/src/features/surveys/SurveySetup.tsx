/**
 * 抽样与二维码: before the survey, the sampling form with the candidates per county; after it, the
 * sampled communities with their quotas and progress, the 抽样方案 workbook, the printable QR sheets
 * (all or one community) and, while no answer has arrived, 重新抽样.
 */
import { useEffect, useMemo, useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Dropdown,
  Flex,
  Form,
  Modal,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from "antd";
import { FilePdfOutlined, FileWordOutlined, QrcodeOutlined, ReloadOutlined, SyncOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { Link } from "react-router";
import type { SurveyState } from "../../../../contracts/surveys";
import { formatDateCn } from "../../../../core/dates";
import { ratioBasisPoints } from "../../../../core/money";
import { DEFAULT_SAMPLING } from "../../../../core/survey/sampling";
import { useLedger } from "../../app/ledger";
import { beijingTime } from "../../components/figures";
import { EmptyState, errorMessage, InlineError, notifySaveError } from "../../components/states";
import { NUMBER_LIMITS as L } from "../../../../contracts/limits";
import { NumberField, numberRule } from "../../components/NumberField";
import { downloadPlan, downloadSheets, useQuestionnaires, useSetupSurvey, useSurveyLinks } from "./api";
import { count, DownloadButton, newSeed, Num, rate } from "./shared";
import { ACTIONS_KEY, ScrollTable } from "../../components/ScrollTable";

type Survey = NonNullable<SurveyState["survey"]>;
type Community = Survey["communities"][number];
type Candidate = SurveyState["candidates"][number];

interface SetupValues {
  questionnaireId: number;
  mode: "all" | "sample";
  perCounty: number;
  seed: number;
  quotaMin: number;
  /** 抽样比例 in percent as typed (5 = 5%); sent as basis points. */
  quotaPct: number;
  closesOn: Dayjs | null;
}

/** 5.25 (%) → 525 basis points; the input allows two decimals, so the product is a whole number. */
const pctToBp = (pct: number) => Math.round(pct * 100);

function samplingText(s: Survey["sampling"]): string {
  return s.mode === "all" ? "全部已改造小区" : `分县区随机抽样，每县区抽取 ${s.perCounty} 个小区`;
}

function quotaText(s: Survey["sampling"]): string {
  return `每小区取 ${s.quotaMin} 户与户数的 ${rate(s.quotaBp)} 中的较大者（不超过户数）`;
}

// ---- the form -------------------------------------------------------------------------------

function CandidatesTable({ candidates, mode, perCounty }: { candidates: Candidate[]; mode: "all" | "sample"; perCounty: number | null }) {
  const drawn = (c: Candidate) => (mode === "all" ? c.communities : Math.min(perCounty ?? 0, c.communities));
  const totals = candidates.reduce((a, c) => ({ communities: a.communities + c.communities, households: a.households + c.households, drawn: a.drawn + drawn(c) }), { communities: 0, households: 0, drawn: 0 });
  return (
    <Table<Candidate>
      aria-label="各县区可抽样小区"
      size="small"
      rowKey="countyId"
      pagination={false}
      dataSource={candidates}
      columns={[
        { title: "县区", dataIndex: "county" },
        { title: "已改造小区", dataIndex: "communities", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
        { title: "户数", dataIndex: "households", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
        { title: "将抽取小区", key: "drawn", align: "right", render: (_, c) => <Num>{count(drawn(c))}</Num> },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>
            <strong>合计</strong>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <Num>{count(totals.communities)}</Num>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} align="right">
            <Num>{count(totals.households)}</Num>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right">
            <Num>{count(totals.drawn)}</Num>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

function SetupForm({ taskId, state, onDone, submitText }: { taskId: number; state: SurveyState; onDone?: () => void; submitText: string }) {
  const { linkTo } = useLedger();
  const questionnaires = useQuestionnaires(state.can.setup);
  const setup = useSetupSurvey(taskId);
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<SetupValues>();
  const mode = Form.useWatch("mode", form) ?? "sample";
  const watched: unknown = Form.useWatch("perCounty", form);
  const perCounty = typeof watched === "number" ? watched : null;
  const survey = state.survey;
  const published = (questionnaires.data ?? []).filter((q) => q.status === "published");
  const initial: Partial<SetupValues> = survey
    ? {
        questionnaireId: survey.questionnaireId ?? undefined,
        mode: survey.sampling.mode,
        perCounty: survey.sampling.perCounty,
        seed: survey.sampling.seed,
        quotaMin: survey.sampling.quotaMin,
        quotaPct: survey.sampling.quotaBp / 100,
        closesOn: survey.closesOn ? dayjs(survey.closesOn) : null,
      }
    : { mode: DEFAULT_SAMPLING.mode, perCounty: DEFAULT_SAMPLING.perCounty, seed: DEFAULT_SAMPLING.seed, quotaMin: DEFAULT_SAMPLING.quotaMin, quotaPct: DEFAULT_SAMPLING.quotaBp / 100, closesOn: null };

  // The questionnaires arrive after the form: offer the first published one unless a published one
  // is chosen (a redraw keeps its questionnaire while that version is still the current one).
  const publishedIds = published.map((q) => q.id).join(",");
  useEffect(() => {
    const ids = publishedIds ? publishedIds.split(",").map(Number) : [];
    if (ids.length && !ids.includes(form.getFieldValue("questionnaireId"))) form.setFieldValue("questionnaireId", ids[0]);
  }, [publishedIds, form]);

  const submit = async (v: SetupValues) => {
    try {
      const next = await setup.mutateAsync({
        questionnaireId: v.questionnaireId,
        sampling: { mode: v.mode, perCounty: v.perCounty, seed: v.seed, quotaMin: v.quotaMin, quotaBp: pctToBp(v.quotaPct) },
        closesOn: v.closesOn ? v.closesOn.format("YYYY-MM-DD") : null,
        ...(survey ? { version: survey.version } : {}),
      });
      const t = next.survey?.totals;
      message.success(t ? `已抽取 ${t.communities} 个小区，共 ${count(t.quota)} 户，已生成 ${count(t.tokens)} 个问卷链接` : "已完成抽样");
      onDone?.();
    } catch (e) {
      notifySaveError({ message, modal }, e);
    }
  };

  if (questionnaires.isError) return <InlineError error={questionnaires.error} onRetry={() => void questionnaires.refetch()} />;
  return (
    <Row gutter={24}>
      <Col xs={24} xl={12}>
        {questionnaires.isSuccess && published.length === 0 && (
          <Alert
            style={{ marginBottom: 16 }}
            type="warning"
            showIcon
            title="还没有已发布的满意度问卷"
            description={
              <>
                请先在 <Link to={linkTo("/surveys/questionnaires")}>满意度问卷</Link> 中发布一个问卷版本。
              </>
            }
          />
        )}
        <Form<SetupValues>
          form={form}
          layout="horizontal"
          labelCol={{ flex: "128px" }}
          initialValues={initial}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="questionnaireId" label="问卷" rules={[{ required: true, message: "请选择问卷" }]}>
            <Select
              aria-label="问卷"
              loading={questionnaires.isPending}
              placeholder="选择已发布的问卷"
              options={published.map((q) => ({ value: q.id, label: `${q.name}（第 ${q.version} 版）` }))}
            />
          </Form.Item>
          <Form.Item name="mode" label="抽样方式">
            <Radio.Group
              optionType="button"
              options={[
                { value: "all", label: "全部已改造小区" },
                { value: "sample", label: "分县区随机抽样" },
              ]}
            />
          </Form.Item>
          <Form.Item name="perCounty" label="每县区抽取小区数" rules={[{ required: mode === "sample", message: "请填写每县区抽取的小区数" }, numberRule(L.perCounty)]} hidden={mode === "all"}>
            <NumberField limit={L.perCounty} aria-label="每县区抽取小区数" suffix="个" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label="随机种子" hidden={mode === "all"} extra="记录种子，同一种子对同一小区名单总能抽出同样的样本，便于复核。">
            <Space.Compact>
              <Form.Item name="seed" noStyle rules={[{ required: true, message: "请填写随机种子" }, numberRule(L.seed)]}>
                <NumberField limit={L.seed} aria-label="随机种子" style={{ width: 160 }} />
              </Form.Item>
              <Button icon={<SyncOutlined />} onClick={() => form.setFieldValue("seed", newSeed())}>
                换一个
              </Button>
            </Space.Compact>
          </Form.Item>
          <Form.Item name="quotaMin" label="每小区最少户数" rules={[{ required: true, message: "请填写最少户数" }, numberRule(L.quotaMin)]}>
            <NumberField limit={L.quotaMin} aria-label="每小区最少户数" suffix="户" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="quotaPct"
            label="抽样比例"
            extra="每个小区的配额取最少户数与“户数 × 抽样比例”中的较大者，不超过小区户数。"
            rules={[
              { required: true, message: "请填写抽样比例" },
              numberRule(L.quotaPct),
              {
                validator: (_, v: number | null) =>
                  v === 0 && form.getFieldValue("quotaMin") === 0 ? Promise.reject(new Error("最少户数和抽样比例不能都为 0")) : Promise.resolve(),
              },
            ]}
          >
            <NumberField limit={L.quotaPct} aria-label="抽样比例" suffix="%" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="closesOn" label="截止日期" extra="不填则不设截止日期；截止后扫码将提示调查已结束。">
            <DatePicker aria-label="截止日期" format="YYYY年M月D日" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label=" " colon={false}>
            <Button type="primary" htmlType="submit" icon={<QrcodeOutlined />} loading={setup.isPending} disabled={published.length === 0}>
              {submitText}
            </Button>
          </Form.Item>
        </Form>
      </Col>
      <Col xs={24} xl={12}>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          各县区可抽样小区
        </Typography.Title>
        {state.candidates.length === 0 ? (
          <EmptyState description="本任务的评价范围内还没有已改造的小区" />
        ) : (
          <CandidatesTable candidates={state.candidates} mode={mode} perCounty={perCounty} />
        )}
      </Col>
    </Row>
  );
}

// ---- after setup ----------------------------------------------------------------------------

function SheetMenu({ taskId, community }: { taskId: number; community?: Community }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: "pdf" | "docx") => {
    setBusy(true);
    try {
      message.success(`已导出：${await downloadSheets(taskId, format, community?.communityId)}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  if (community) {
    return (
      <Dropdown
        trigger={["click"]}
        menu={{
          items: [
            { key: "pdf", icon: <FilePdfOutlined />, label: "二维码（PDF）" },
            { key: "docx", icon: <FileWordOutlined />, label: "二维码（Word）" },
          ],
          onClick: ({ key }) => void run(key as "pdf" | "docx"),
        }}
      >
        <Button type="link" size="small" icon={<QrcodeOutlined />} loading={busy} aria-label={`打印${community.name}二维码`}>
          打印二维码
        </Button>
      </Dropdown>
    );
  }
  return (
    <>
      <DownloadButton icon={<FilePdfOutlined />} run={() => downloadSheets(taskId, "pdf")}>
        打印二维码（PDF）
      </DownloadButton>
      <DownloadButton icon={<FileWordOutlined />} run={() => downloadSheets(taskId, "docx")}>
        打印二维码（Word）
      </DownloadButton>
    </>
  );
}

/** The links of one community's households, to send one by message instead of the printed sheet. */
function LinksDrawer({ taskId, community, onClose }: { taskId: number; community: Community | null; onClose: () => void }) {
  const links = useSurveyLinks(taskId, community?.communityId ?? null);
  return (
    <Drawer open={community !== null} onClose={onClose} size={560} title={community ? `${community.county} · ${community.name}：问卷链接` : ""}>
      <Typography.Paragraph type="secondary">每户一个链接，只能提交一次。可将未使用的链接发给住户，或打印二维码张贴、入户扫码。</Typography.Paragraph>
      {links.isError ? (
        <InlineError error={links.error} onRetry={() => void links.refetch()} />
      ) : (
        <Table
          size="small"
          rowKey="token"
          loading={links.isPending}
          dataSource={links.data?.links ?? []}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          columns={[
            { title: "户序号", dataIndex: "seq", width: 80, render: (v: number) => `第 ${v} 户` },
            { title: "链接", dataIndex: "url", render: (u: string, l) => (l.used ? <Typography.Text type="secondary">{u}</Typography.Text> : <Typography.Text copyable={{ text: u, tooltips: ["复制链接", "已复制"] }}>{u}</Typography.Text>) },
            { title: "状态", key: "state", width: 80, render: (_, l) => (l.used ? <Tag color="success">已提交</Tag> : l.opened ? <Tag color="processing">已打开</Tag> : <Tag>未使用</Tag>) },
          ]}
        />
      )}
    </Drawer>
  );
}

function CommunitiesTable({ taskId, survey, canConduct }: { taskId: number; survey: Survey; canConduct: boolean }) {
  const [countyId, setCountyId] = useState<number | null>(null);
  const [linksOf, setLinksOf] = useState<Community | null>(null);
  const counties = useMemo(() => [...new Map(survey.communities.map((c) => [c.countyId, c.county])).entries()], [survey.communities]);
  const rows = countyId === null ? survey.communities : survey.communities.filter((c) => c.countyId === countyId);
  return (
    <Card
      title={`抽样小区（${survey.communities.length} 个）`}
      extra={
        counties.length > 1 && (
          <Select<number>
            aria-label="按县区筛选"
            allowClear
            placeholder="全部县区"
            style={{ width: 160 }}
            value={countyId ?? undefined}
            onChange={(v) => setCountyId(v ?? null)}
            options={counties.map(([id, name]) => ({ value: id, label: name }))}
          />
        )
      }
    >
      <ScrollTable<Community>
        aria-label="抽样小区"
        size="small"
        rowKey="communityId"
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: "max-content" }}
        columns={[
          { title: "县区", dataIndex: "county", width: 90 },
          {
            title: "小区",
            dataIndex: "name",
            render: (n: string, c) => (
              <Flex vertical>
                <span>{n}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {c.code}
                </Typography.Text>
              </Flex>
            ),
          },
          { title: "户数", dataIndex: "households", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
          { title: "配额", dataIndex: "quota", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
          { title: "已发放链接", dataIndex: "tokens", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
          { title: "已打开", dataIndex: "opened", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
          { title: "待审核", dataIndex: "pending", align: "right", render: (v: number) => <Num>{v ? <span style={{ color: "#1d4e89" }}>{count(v)}</span> : "0"}</Num> },
          { title: "已接受", dataIndex: "accepted", align: "right", render: (v: number) => <Num>{count(v)}</Num> },
          { title: "已退回", dataIndex: "rejected", align: "right", render: (v: number) => <Num>{v ? <span style={{ color: "#cf1322" }}>{count(v)}</span> : "0"}</Num> },
          {
            title: "配额完成",
            key: "progress",
            width: 150,
            render: (_, c) => {
              const bp = ratioBasisPoints(c.accepted, c.quota);
              return (
                <Flex align="center" gap={8}>
                  <Progress percent={Math.min(bp ?? 0, 10000) / 100} showInfo={false} size="small" style={{ width: 70, margin: 0 }} status={bp !== null && bp >= 10000 ? "success" : "normal"} />
                  <Num>{rate(bp)}</Num>
                </Flex>
              );
            },
          },
          ...(canConduct
            ? [
                {
                  title: "操作",
                  key: ACTIONS_KEY,
                  width: 190,
                  render: (_: unknown, c: Community) => (
                    <Space size={0}>
                      <SheetMenu taskId={taskId} community={c} />
                      <Button type="link" size="small" onClick={() => setLinksOf(c)}>
                        链接
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canConduct && <LinksDrawer taskId={taskId} community={linksOf} onClose={() => setLinksOf(null)} />}
    </Card>
  );
}

function Overview({ taskId, state, survey }: { taskId: number; state: SurveyState; survey: Survey }) {
  const [redraw, setRedraw] = useState(false);
  const t = survey.totals;
  const answered = t.pending + t.accepted + t.rejected;
  // The server allows a redraw only before the first answer (can.setup turns false then).
  const canRedraw = state.can.setup && answered === 0;
  return (
    <>
      <Card
        title="抽样方案"
        style={{ marginBottom: 16 }}
        extra={
          <Flex gap={8} wrap>
            <DownloadButton run={() => downloadPlan(taskId)}>导出抽样方案</DownloadButton>
            {state.can.conduct && <SheetMenu taskId={taskId} />}
            {state.can.conduct && (
              <Button icon={<ReloadOutlined />} disabled={!canRedraw} title={canRedraw ? undefined : "已有问卷提交，不能重新抽样"} onClick={() => setRedraw(true)}>
                重新抽样
              </Button>
            )}
          </Flex>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="问卷">{`${survey.questionnaireName}（第 ${survey.questionnaireVersion} 版）`}</Descriptions.Item>
          <Descriptions.Item label="抽样方式">{samplingText(survey.sampling)}</Descriptions.Item>
          {survey.sampling.mode === "sample" && <Descriptions.Item label="随机种子"><Num>{String(survey.sampling.seed)}</Num></Descriptions.Item>}
          <Descriptions.Item label="配额">{quotaText(survey.sampling)}</Descriptions.Item>
          <Descriptions.Item label="截止日期">{survey.closesOn ? formatDateCn(survey.closesOn) : "不设截止日期"}</Descriptions.Item>
          <Descriptions.Item label="抽样时间">{beijingTime(survey.createdAt)}</Descriptions.Item>
        </Descriptions>
        <Row gutter={16} style={{ marginTop: 16 }}>
          {[
            { title: "抽样小区", value: t.communities, suffix: "个" },
            { title: "配额", value: t.quota, suffix: "户" },
            { title: "已发放链接", value: t.tokens, suffix: "个" },
            { title: "待审核", value: t.pending, suffix: "份" },
            { title: "已接受", value: t.accepted, suffix: "份" },
            { title: "已退回", value: t.rejected, suffix: "份" },
          ].map((x) => (
            <Col key={x.title} xs={12} md={8} xl={4}>
              <Statistic title={x.title} value={count(x.value)} suffix={x.suffix} />
            </Col>
          ))}
        </Row>
        {answered > 0 && state.can.conduct && (
          <Typography.Text type="secondary" style={{ display: "block", marginTop: 12 }}>
            已有 {count(answered)} 份问卷，样本已固定，不能重新抽样。
          </Typography.Text>
        )}
      </Card>
      <CommunitiesTable taskId={taskId} survey={survey} canConduct={state.can.conduct} />
      <Modal open={redraw} title="重新抽样" width={1100} footer={null} onCancel={() => setRedraw(false)} destroyOnHidden>
        <Alert style={{ marginBottom: 16 }} type="warning" showIcon title="重新抽样将作废已生成的全部问卷链接和二维码，已打印的二维码将无法使用。" />
        <SetupForm taskId={taskId} state={state} submitText="重新抽样并生成链接" onDone={() => setRedraw(false)} />
      </Modal>
    </>
  );
}

export function SurveySetup({ taskId, state }: { taskId: number; state: SurveyState }) {
  if (state.survey) return <Overview taskId={taskId} state={state} survey={state.survey} />;
  if (!state.can.setup) {
    return (
      <Card>
        <EmptyState description="本任务尚未开展居民满意度调查，由评价机构完成抽样后开始。" />
        {state.candidates.length > 0 && (
          <>
            <Typography.Title level={5}>各县区可抽样小区</Typography.Title>
            <CandidatesTable candidates={state.candidates} mode="all" perCounty={null} />
          </>
        )}
      </Card>
    );
  }
  return (
    <Card title="设置抽样">
      <Typography.Paragraph type="secondary">
        选择问卷和抽样方式后，系统按随机种子抽取小区、按配额为每户生成一个问卷链接和二维码。居民扫码作答，纸质问卷可录入或批量导入。
      </Typography.Paragraph>
      <SetupForm taskId={taskId} state={state} submitText="抽样并生成问卷链接" />
    </Card>
  );
}
