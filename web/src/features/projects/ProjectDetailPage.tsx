/** One project: its communities, contents, funding mix, payments over time, progress and attachments. */
import { useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Image,
  Input,
  List,
  Popconfirm,
  Row,
  Select,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
  type TableColumnsType,
} from "antd";
import { DeleteOutlined, EditOutlined, FileOutlined, UploadOutlined, WalletOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { Link, useParams } from "react-router";
import { formatDateCn } from "../../../../core/dates";
import { formatBasisPoints, ratioBasisPoints } from "../../../../core/money";
import { PROPERTY_MODE_LABEL, RENOVATION_CATEGORIES, RENOVATION_CATEGORY_LABEL } from "../../../../core/registry";
import type { Community, Content, ProjectDetail, ProjectFile, ProjectUpdate } from "../../../../contracts/projects";
import { FILE_MAX_BYTES } from "../../../../contracts/projects";
import { ApiError, isVersionConflict, useProjectLedger } from "../../api";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { lockedFor, ReviewLockAlert } from "../review/ReviewLock";
import { CumulativePaymentsChart } from "../../components/charts";
import { ProjectStatus, wan, wanText } from "../../components/figures";
import { LinkButton } from "../../components/LinkButton";
import { PageHeader } from "../../components/PageHeader";
import { ProblemsTable } from "../../components/ProblemsTable";
import { EmptyState, errorMessage, InlineError, PageError, PageSkeleton } from "../../components/states";
import { downloadProjectFile, fileUrl, useDeleteProjectFile, useProject, useUpdateProject, useUploadProjectFile } from "./api";
import { FundingRing } from "./charts";
import { areaM2, count } from "./shared";

const STAGES = [
  { key: "Start", label: "开工" },
  { key: "Completion", label: "完工" },
  { key: "Acceptance", label: "竣工验收" },
  { key: "Settlement", label: "结算" },
] as const;

const dayDiff = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

export default function ProjectDetailPage() {
  const projectId = Number(useParams().projectId);
  const { linkTo } = useLedger();
  const { can, me } = useSession();
  const detail = useProject(projectId);
  const [editing, setEditing] = useState(false);

  const crumbs = [{ title: "项目库", to: linkTo("/projects") }];
  if (detail.isPending) return <PageSkeleton />;
  if (detail.isError) {
    return (
      <>
        <PageHeader title="项目" crumbs={[...crumbs, { title: "项目" }]} />
        <PageError error={detail.error} onRetry={() => void detail.refetch()} extra={<Link to={linkTo("/projects")}>返回项目库</Link>} />
      </>
    );
  }
  const d = detail.data;
  const p = d.project;
  const locked = lockedFor(me, d.review);
  const writable = can("projects.write") && !locked;

  return (
    <>
      <PageHeader
        title={p.name}
        subtitle={`${p.county.name} · ${p.code} · ${d.fundYear.programme} ${p.batchYear}年度`}
        crumbs={[...crumbs, { title: p.name }]}
        extra={
          <>
            {can("funds.read") && (
              <LinkButton icon={<WalletOutlined />} to={linkTo(`/funds/projects/${p.id}`)}>
                资金台账
              </LinkButton>
            )}
            {writable && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                编辑项目信息
              </Button>
            )}
          </>
        }
      />
      {locked && <ReviewLockAlert review={d.review} what={`本县区${d.fundYear.year}年度项目库`} />}
      {d.fundYear.isDemo && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="示例数据：项目名称、日期、改造内容和各来源金额为合成数据；河东法院家属院、九曲街道家属院的居民出资取自2021年度跟踪问效报告。" />
      )}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 4 }}
          items={[
            { key: "code", label: "项目编号", children: <span className="num">{p.code}</span> },
            { key: "county", label: "所属县区", children: p.county.name },
            { key: "entity", label: "实施主体", children: p.implementingEntity ?? "—" },
            { key: "status", label: "项目状态", children: <ProjectStatus status={p.status} /> },
            { key: "street", label: "街道", children: p.street ?? "—" },
            { key: "batch", label: "批次年度", children: `${p.batchYear}年` },
            { key: "acceptance", label: "验收结果", children: p.acceptanceResult ? (p.acceptanceResult === "qualified" ? <Tag color="green">合格</Tag> : <Tag color="red">不合格</Tag>) : "—" },
            { key: "desc", label: "项目简介", children: p.description ?? "—", span: { xs: 1, md: 2, xl: 4 } },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={10}>
          <Schedule d={d} />
        </Col>
        <Col xs={24} xl={14}>
          <Funding d={d} />
        </Col>
      </Row>
      <Communities list={d.communities} />
      <Contents list={d.contents} totalFen={d.funding.totalFen} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={12}>{can("funds.read") ? <Payments projectId={p.id} /> : null}</Col>
        <Col xs={24} xl={can("funds.read") ? 12 : 24}>
          <Progress d={d} />
        </Col>
      </Row>
      <Files d={d} writable={writable} />
      {editing && <EditDrawer d={d} onClose={() => setEditing(false)} />}
    </>
  );
}

function Schedule({ d }: { d: ProjectDetail }) {
  const p = d.project;
  const rows = STAGES.map((s) => {
    const planned = p[`planned${s.key}On`];
    const actual = p[`actual${s.key}On`];
    return { key: s.key, stage: s.label, planned, actual, late: planned && actual ? dayDiff(planned, actual) : null };
  });
  return (
    <Card title="实施进度" style={{ height: "100%" }}>
      <Table
        aria-label="实施进度"
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        columns={[
          { title: "阶段", dataIndex: "stage", width: 90 },
          { title: "计划日期", dataIndex: "planned", render: (v: string | null) => <span className="num">{v ? formatDateCn(v) : "—"}</span> },
          { title: "实际日期", dataIndex: "actual", render: (v: string | null) => <span className="num">{v ? formatDateCn(v) : "未完成"}</span> },
          {
            title: "与计划相比",
            dataIndex: "late",
            align: "right",
            render: (n: number | null) =>
              n === null ? "—" : n > 0 ? <Tag color="orange">晚 {n} 天</Tag> : n < 0 ? <Tag color="green">提前 {-n} 天</Tag> : <Tag color="green">按期</Tag>,
          },
        ]}
      />
    </Card>
  );
}

function Funding({ d }: { d: ProjectDetail }) {
  const f = d.funding;
  return (
    <Card title="资金结构（计划投资）" style={{ height: "100%" }}>
      {d.investments.length === 0 ? (
        <EmptyState description="尚未登记计划投资。可在“项目库 → 导入”中导入项目表的各来源金额。" />
      ) : (
        <Row gutter={16} align="middle">
          <Col xs={24} md={13}>
            <FundingRing items={d.investments.map((i) => ({ name: i.source.name, category: i.source.category, amountFen: i.amountFen }))} height={230} />
          </Col>
          <Col xs={24} md={11}>
            <Flex vertical gap={12}>
              <Statistic title="计划总投资" value={wanText(f.totalFen)} suffix="万元" formatter={() => <span className="num">{wanText(f.totalFen)}</span>} />
              <Statistic title="财政资金" value={wanText(f.fiscalFen)} suffix="万元" formatter={() => <span className="num">{wanText(f.fiscalFen)}</span>} />
              <div>
                <Statistic
                  title="非财政资金占比"
                  value={formatBasisPoints(f.nonFiscalBp)}
                  formatter={() => <span className="num" style={f.reachesThreshold ? { color: "#d46b08" } : undefined}>{formatBasisPoints(f.nonFiscalBp)}</span>}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  非财政 {wanText(f.nonFiscalFen)} 万元 ÷ 总投资 {wanText(f.totalFen)} 万元{f.reachesThreshold ? "，达到20%" : ""}
                </Typography.Text>
              </div>
            </Flex>
          </Col>
        </Row>
      )}
    </Card>
  );
}

function Communities({ list }: { list: Community[] }) {
  const columns: TableColumnsType<Community> = [
    { title: "小区编号", dataIndex: "code", width: 130, render: (v: string) => <span className="num">{v}</span> },
    { title: "小区名称", dataIndex: "name" },
    { title: "街道", dataIndex: "street", width: 110, render: (v: string | null) => v ?? "—" },
    { title: "建成年份", dataIndex: "builtYear", width: 90, align: "right", render: (v: number) => <span className="num">{v}</span> },
    { title: "楼栋", dataIndex: "buildings", width: 70, align: "right", render: (v: number) => <span className="num">{v}</span> },
    { title: "户数", dataIndex: "households", width: 80, align: "right", render: (v: number) => <span className="num">{count(v)}</span> },
    { title: "建筑面积（㎡）", dataIndex: "floorAreaDm2", width: 130, align: "right", render: (v: number) => <span className="num">{areaM2(v)}</span> },
    { title: "物业管理", dataIndex: "propertyMode", width: 120, render: (m: Community["propertyMode"]) => PROPERTY_MODE_LABEL[m] },
    { title: "物业费收缴率", dataIndex: "feeCollectionBp", width: 110, align: "right", render: (v: number | null) => <span className="num">{formatBasisPoints(v)}</span> },
  ];
  return (
    <Card title={`改造小区（${list.length} 个）`} style={{ marginBottom: 16 }}>
      <Table<Community> aria-label="改造小区" size="small" rowKey="id" pagination={false} columns={columns} dataSource={list} locale={{ emptyText: "本项目尚未关联小区" }} />
    </Card>
  );
}

function Contents({ list, totalFen }: { list: Content[]; totalFen: number }) {
  const sorted = [...list].sort((a, b) => RENOVATION_CATEGORIES.indexOf(a.item.category) - RENOVATION_CATEGORIES.indexOf(b.item.category));
  const sum = list.reduce((a, c) => a + c.costFen, 0);
  const columns: TableColumnsType<Content> = [
    { title: "类别", dataIndex: ["item", "category"], width: 90, render: (c: Content["item"]["category"]) => <Tag color={c === "basic" ? "blue" : c === "improve" ? "cyan" : "purple"}>{RENOVATION_CATEGORY_LABEL[c]}</Tag> },
    { title: "改造内容", dataIndex: ["item", "name"] },
    { title: "小区", dataIndex: "community", width: 200, render: (c: Content["community"]) => c?.name ?? "整个项目" },
    { title: "数量", key: "qty", width: 140, align: "right", render: (_: unknown, c) => <span className="num">{c.quantity} {c.unit}</span> },
    { title: "金额（万元）", dataIndex: "costFen", width: 140, align: "right", render: (v: number) => <span className="num">{wan(v)}</span> },
  ];
  return (
    <Card title={`改造内容（${list.length} 项）`} style={{ marginBottom: 16 }}>
      <Table<Content>
        aria-label="改造内容"
        size="small"
        rowKey="id"
        pagination={false}
        columns={columns}
        dataSource={sorted}
        locale={{ emptyText: "尚未登记改造内容" }}
        summary={() =>
          list.length > 0 && (
            <Table.Summary.Row style={{ fontWeight: 600, background: "#fafbfc" }}>
              <Table.Summary.Cell index={0} colSpan={4}>
                合计{sum !== totalFen ? `（计划总投资 ${wanText(totalFen)} 万元）` : ""}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <span className="num">{wan(sum)}</span>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )
        }
      />
    </Card>
  );
}

function Payments({ projectId }: { projectId: number }) {
  const { asOf } = useLedger();
  const ledger = useProjectLedger(projectId, asOf);
  return (
    <Card title="资金支付（资金台账）" style={{ height: "100%" }}>
      {ledger.isPending ? (
        <div style={{ height: 300 }} aria-busy="true" />
      ) : ledger.isError ? (
        <InlineError error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : ledger.data.payments.length ? (
        <>
          <CumulativePaymentsChart
            payments={ledger.data.payments.map((x) => ({ date: x.paidOn, amountFen: x.amountFen }))}
            allocatedFen={ledger.data.project.allocatedFen}
            asOf={ledger.data.asOf}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            下达 {wanText(ledger.data.project.allocatedFen)} 万元，截至{formatDateCn(ledger.data.asOf)}已支付 {wanText(ledger.data.project.paidFen)} 万元，预算执行率{" "}
            {formatBasisPoints(ledger.data.project.executionBp)}。
          </Typography.Text>
        </>
      ) : (
        <EmptyState description="尚无支付记录" />
      )}
    </Card>
  );
}

function Progress({ d }: { d: ProjectDetail }) {
  return (
    <Card title="进度填报（双监控）" style={{ height: "100%" }}>
      <Table
        aria-label="各期进度"
        size="small"
        rowKey="period"
        pagination={false}
        dataSource={d.progress}
        locale={{ emptyText: "尚未填报进度" }}
        columns={[
          { title: "期次", dataIndex: "label" },
          { title: "形象进度", dataIndex: "physicalBp", align: "right", render: (v: number) => <span className="num">{formatBasisPoints(v)}</span> },
          { title: "累计完成投资（万元）", dataIndex: "investedFen", align: "right", render: (v: number) => <span className="num">{wan(v)}</span> },
          { title: "占计划投资", key: "share", align: "right", render: (_: unknown, r) => <span className="num">{formatBasisPoints(ratioBasisPoints(r.investedFen, d.funding.totalFen))}</span> },
        ]}
      />
    </Card>
  );
}

function Files({ d, writable }: { d: ProjectDetail; writable: boolean }) {
  const { message } = App.useApp();
  const upload = useUploadProjectFile(d.project.id);
  const remove = useDeleteProjectFile(d.project.id);
  const photos = d.files.filter((f) => f.kind === "photo");
  const documents = d.files.filter((f) => f.kind === "document");
  const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
  const meta = (f: ProjectFile) => `${f.uploadedBy ?? "—"} · ${dayjs(f.uploadedAt).format("YYYY年M月D日 HH:mm")} · ${size(f.sizeBytes)}`;
  return (
    <Card
      title={`照片与文档（${d.files.length}）`}
      extra={
        writable && (
          <Upload
            accept=".jpg,.jpeg,.png,.webp,.pdf,.docx,.xlsx,.doc,.xls"
            showUploadList={false}
            multiple={false}
            beforeUpload={(file) => {
              if (file.size > FILE_MAX_BYTES) {
                message.error(`文件超过 ${FILE_MAX_BYTES / 1024 / 1024} MB`);
                return Upload.LIST_IGNORE;
              }
              upload.mutate(file, {
                onSuccess: (f) => message.success(`已上传 ${f.fileName}`),
                onError: (e) => message.error(errorMessage(e)),
              });
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending}>
              上传照片或文档
            </Button>
          </Upload>
        )
      }
    >
      {d.files.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={writable ? "尚无附件。可上传施工、竣工照片（jpg、png）和验收文件（pdf、docx、xlsx）。" : "尚无附件"} />
      ) : (
        <>
          {photos.length > 0 && (
            <Image.PreviewGroup>
              <Flex gap={12} wrap style={{ marginBottom: documents.length ? 16 : 0 }}>
                {photos.map((f) => (
                  <div key={f.id} style={{ width: 168 }}>
                    <Image src={fileUrl(f.id)} alt={f.fileName} width={168} height={120} style={{ objectFit: "cover", borderRadius: 4 }} />
                    <Flex justify="space-between" align="center">
                      <Typography.Text ellipsis style={{ fontSize: 12, maxWidth: 130 }} title={f.fileName}>
                        {f.fileName}
                      </Typography.Text>
                      {writable && <DeleteButton onConfirm={() => remove.mutate(f.id)} name={f.fileName} />}
                    </Flex>
                  </div>
                ))}
              </Flex>
            </Image.PreviewGroup>
          )}
          {documents.length > 0 && (
            <List
              size="small"
              dataSource={documents}
              renderItem={(f) => (
                <List.Item actions={writable ? [<DeleteButton key="del" onConfirm={() => remove.mutate(f.id)} name={f.fileName} />] : []}>
                  <List.Item.Meta
                    avatar={<FileOutlined style={{ fontSize: 20, color: "#1d4e89" }} />}
                    title={
                      <a
                        onClick={() => {
                          downloadProjectFile(f).catch((e) => message.error(errorMessage(e)));
                        }}
                      >
                        {f.fileName}
                      </a>
                    }
                    description={meta(f)}
                  />
                </List.Item>
              )}
            />
          )}
        </>
      )}
    </Card>
  );
}

function DeleteButton({ onConfirm, name }: { onConfirm: () => void; name: string }) {
  return (
    <Popconfirm title="删除附件" description={`确定删除「${name}」？删除会记入审计日志。`} okText="删除" cancelText="取消" okButtonProps={{ danger: true }} onConfirm={onConfirm}>
      <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={`删除 ${name}`} />
    </Popconfirm>
  );
}

type DateKey = `${"planned" | "actual"}${(typeof STAGES)[number]["key"]}On`;

function EditDrawer({ d, onClose }: { d: ProjectDetail; onClose: () => void }) {
  const { message, modal } = App.useApp();
  const update = useUpdateProject(d.project.id);
  const p = d.project;
  const dateKeys = STAGES.flatMap((s) => [`planned${s.key}On`, `actual${s.key}On`] as DateKey[]);
  const [form] = Form.useForm();
  const initial = {
    name: p.name,
    implementingEntity: p.implementingEntity ?? "",
    street: p.street ?? "",
    description: p.description ?? "",
    acceptanceResult: p.acceptanceResult ?? undefined,
    ...Object.fromEntries(dateKeys.map((k) => [k, p[k] ? dayjs(p[k]) : null])),
  };
  const problems = update.error instanceof ApiError ? update.error.problems : [];
  return (
    <Drawer
      open
      title={`编辑项目信息：${p.code}`}
      size="large"
      onClose={onClose}
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={update.isPending} onClick={() => form.submit()}>
            保存
          </Button>
        </Flex>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v: Record<string, unknown>) => {
          const fields: Omit<ProjectUpdate, "version"> = {
            name: String(v.name ?? "").trim(),
            implementingEntity: String(v.implementingEntity ?? "").trim() || null,
            street: String(v.street ?? "").trim() || null,
            description: String(v.description ?? "").trim() || null,
            acceptanceResult: (v.acceptanceResult as ProjectUpdate["acceptanceResult"]) ?? null,
            ...Object.fromEntries(dateKeys.map((k) => [k, v[k] ? (v[k] as dayjs.Dayjs).format("YYYY-MM-DD") : null])),
          };
          // Only what the user changed is sent, over the version they loaded.
          const saved: Record<string, unknown> = { ...p };
          const changed = Object.fromEntries(Object.entries(fields).filter(([k, x]) => x !== (saved[k] ?? null)));
          const body: ProjectUpdate = { ...changed, version: p.version };
          update.mutate(body, {
            onSuccess: () => (message.success("已保存，项目状态已按实际日期更新"), onClose()),
            onError: (e) => {
              if (!isVersionConflict(e)) return;
              onClose();
              modal.warning({ title: "项目已被他人修改", content: e.message, okText: "知道了" });
            },
          });
        }}
      >
        {update.isError && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title="未能保存" description={errorMessage(update.error)} />
        )}
        {problems.length > 0 && <ProblemsTable problems={problems} />}
        <Form.Item name="name" label="项目名称" rules={[{ required: true, whitespace: true, message: "请填写项目名称" }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="implementingEntity" label="实施主体">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="street" label="街道">
          <Input maxLength={100} />
        </Form.Item>
        <Row gutter={16}>
          {STAGES.map((s) => (
            <Col span={24} key={s.key}>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name={`planned${s.key}On`} label={`计划${s.label}日期`}>
                    <DatePicker style={{ width: "100%" }} format="YYYY年M月D日" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name={`actual${s.key}On`} label={`实际${s.label}日期`}>
                    <DatePicker style={{ width: "100%" }} format="YYYY年M月D日" />
                  </Form.Item>
                </Col>
              </Row>
            </Col>
          ))}
        </Row>
        <Form.Item name="acceptanceResult" label="验收结果" extra="须先填写实际竣工验收日期。项目状态由实际日期自动确定。">
          <Select allowClear placeholder="未验收" options={[{ value: "qualified", label: "合格" }, { value: "unqualified", label: "不合格" }]} />
        </Form.Item>
        <Form.Item name="description" label="项目简介">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
