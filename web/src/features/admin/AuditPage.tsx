/** 审计日志: who did what, when and from where; filters, export, and the SM3 chain check. */
import { useState } from "react";
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Flex, Input, Select, Space, Table, Tag, Typography } from "antd";
import { DownloadOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { AUDIT_ACTION_LABEL, type AuditEvent } from "../../../../contracts/audit";
import { ROLE_LABEL } from "../../../../core/access";
import { PageHeader } from "../../components/PageHeader";
import { InlineError } from "../../components/states";
import { downloadAudit, useAudit, useVerifyAudit, type AuditFilter } from "./api";
import { beijingTime, count as formatCount } from "../../components/figures";

const ACTION_COLOR: Record<string, string> = { login_failed: "error", delete: "error", return: "warning", reopen: "warning", import: "blue", export: "purple", approve: "success" };


function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 12 }}>{JSON.stringify(value, null, 2)}</pre>;
}

export default function AuditPage() {
  const { message } = App.useApp();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [detail, setDetail] = useState<AuditEvent | null>(null);
  const audit = useAudit(filter, page, pageSize);
  const verify = useVerifyAudit();
  const [anchor, setAnchor] = useState("");
  const patch = (p: Partial<AuditFilter>) => {
    setFilter((f) => ({ ...f, ...p }));
    setPage(1);
  };

  return (
    <>
      <PageHeader
        title="审计日志"
        subtitle="所有登录、新增、修改、删除、导入、审核与导出操作均记录在案；记录按 SM3 哈希链接，任何修改或删除都能被校验发现。"
        extra={
          <>
            <Space.Compact>
              <Input
                aria-label="锚点"
                allowClear
                style={{ width: 260 }}
                placeholder="锚点（可选）：序号:哈希"
                value={anchor}
                onChange={(e) => setAnchor(e.target.value)}
                onPressEnter={() => verify.mutate(anchor)}
              />
              <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate(anchor)}>
                校验哈希链
              </Button>
            </Space.Compact>
            <Button icon={<DownloadOutlined />} onClick={() => downloadAudit(filter).then((n) => message.success(`已导出 ${n}`), (e) => message.error(e.message))}>
              导出 Excel
            </Button>
          </>
        }
      />
      {verify.data && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          type={verify.data.ok ? "success" : "error"}
          title={
            verify.data.ok
              ? `审计日志完好：共 ${verify.data.count} 条记录，哈希链连续无断裂${verify.data.anchor ? `，与锚点第 ${verify.data.anchor.seq} 条相符` : ""}`
              : `审计日志校验失败：${verify.data.problem?.message}`
          }
          description={
            verify.data.ok ? (
              <>
                当前锚点（SM3）：<Typography.Text code copyable>{`${verify.data.headSeq}:${verify.data.headHash}`}</Typography.Text>
                <br />
                <Typography.Text type="secondary">可将锚点抄录存档（如打印签章、随月报报送），日后校验时填入，证明此前的记录未被整体改写。</Typography.Text>
              </>
            ) : (
              `此前 ${verify.data.count} 条记录完好。请立即报告安全管理员。`
            )
          }
        />
      )}
      {verify.error && <InlineError title="未能校验" error={verify.error} />}
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <DatePicker.RangePicker
            aria-label="时间范围"
            onChange={(r: [Dayjs | null, Dayjs | null] | null) => patch({ from: r?.[0]?.format("YYYY-MM-DD"), to: r?.[1]?.format("YYYY-MM-DD") })}
          />
          <Select
            allowClear
            placeholder="操作类型"
            style={{ width: 140 }}
            options={Object.entries(AUDIT_ACTION_LABEL).map(([value, label]) => ({ value, label }))}
            onChange={(action?: string) => patch({ action })}
          />
          <Input.Search allowClear placeholder="操作人" style={{ width: 180 }} onSearch={(actor) => patch({ actor: actor || undefined })} />
          <Input.Search allowClear placeholder="说明、对象编号或来源地址" style={{ width: 260 }} onSearch={(q) => patch({ q: q || undefined })} />
        </Flex>
        {audit.error && <InlineError error={audit.error} onRetry={() => void audit.refetch()} />}
        <Table<AuditEvent>
          rowKey="id"
          size="middle"
          loading={audit.isFetching}
          dataSource={audit.data?.items ?? []}
          onRow={(r) => ({ onClick: () => setDetail(r), style: { cursor: "pointer" } })}
          pagination={{
            current: page,
            pageSize,
            total: audit.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (n) => `共 ${formatCount(n)} 条`,
            onChange: (p, s) => {
              setPage(p);
              setPageSize(s);
            },
          }}
          columns={[
            { title: "序号", dataIndex: "seq", width: 80 },
            { title: "时间（北京时间）", dataIndex: "at", width: 170, render: (v: string) => beijingTime(v, true) },
            { title: "操作人", dataIndex: "actorName", width: 200 },
            { title: "角色", dataIndex: "actorRole", width: 90, render: (r: string) => ROLE_LABEL[r as keyof typeof ROLE_LABEL] ?? (r === "anonymous" ? "未登录" : r) },
            { title: "操作", dataIndex: "action", width: 100, render: (a: string, e) => <Tag color={ACTION_COLOR[a]}>{e.actionLabel}</Tag> },
            { title: "说明", dataIndex: "summary" },
            { title: "来源地址", dataIndex: "ip", width: 130, render: (ip: string | null) => ip ?? "命令行" },
          ]}
        />
      </Card>
      <Drawer title={detail ? `第 ${detail.seq} 条审计记录` : ""} width={640} open={detail !== null} onClose={() => setDetail(null)}>
        {detail && (
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="时间">{beijingTime(detail.at, true)}</Descriptions.Item>
            <Descriptions.Item label="操作人">{detail.actorName}</Descriptions.Item>
            <Descriptions.Item label="来源地址">{detail.ip ?? "命令行"}</Descriptions.Item>
            <Descriptions.Item label="操作">{detail.actionLabel}</Descriptions.Item>
            <Descriptions.Item label="对象">{`${detail.entityType}${detail.entityId ? " #" + detail.entityId : ""}`}</Descriptions.Item>
            <Descriptions.Item label="说明">{detail.summary}</Descriptions.Item>
            <Descriptions.Item label="修改前">
              <Json value={detail.before} />
            </Descriptions.Item>
            <Descriptions.Item label="修改后">
              <Json value={detail.after} />
            </Descriptions.Item>
            <Descriptions.Item label="SM3 哈希">
              <Typography.Text code copyable style={{ fontSize: 12, wordBreak: "break-all" }}>
                {detail.hash}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        )}
      </Drawer>
    </>
  );
}
