/**
 * 问题清单 of an evaluation task (on its page): findings with category, severity, scope, their items and
 * states; 新增问题, 编辑, 删除 (until the task is final) and 分解整改 (items for owners).
 */
import { useMemo, useState } from "react";
import { App, Button, Card, Flex, Space, Tag, Tooltip, Typography } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined, ApartmentOutlined } from "@ant-design/icons";
import type { Finding, RectificationItem } from "../../../../contracts/rectification";
import { useLinkTo } from "../../app/ledger";
import { errorMessage, InlineError } from "../../components/states";
import { Link } from "react-router";
import { useDeleteFinding, useFindings, useLedgerItems } from "./api";
import { FindingFormModal, type FindingSource } from "./FindingForm";
import { AddItemsModal } from "./ItemFieldsForm";
import { ItemDrawer } from "./ItemDrawer";
import { byUrgency } from "./filters";
import { DeadlineCell, ItemStateTag, ORIGIN_LABEL, SeverityTag } from "./shared";
import { ScrollTable } from "../../components/ScrollTable";
import { pushTo } from "../../../../core/collections";

function FindingItems({ items, onOpen }: { items: RectificationItem[]; onOpen: (id: number) => void }) {
  if (items.length === 0) return <Typography.Text type="secondary">尚未分解整改</Typography.Text>;
  return (
    <Flex vertical gap={4}>
      {items.map((i) => (
        <Flex key={i.id} gap={6} align="center" style={{ whiteSpace: "nowrap" }}>
          <Typography.Link onClick={() => onOpen(i.id)}>{i.ownerLabel}</Typography.Link>
          <ItemStateTag state={i.state} />
          <DeadlineCell item={i} />
        </Flex>
      ))}
    </Flex>
  );
}

export function FindingsCard({ taskId }: { taskId: number }) {
  const findings = useFindings(taskId);
  const items = useLedgerItems({ taskId, pageSize: 500 });
  const remove = useDeleteFinding();
  const linkTo = useLinkTo();
  const { message, modal } = App.useApp();
  const [form, setForm] = useState<FindingSource | null>(null);
  const [splitting, setSplitting] = useState<Finding | null>(null);
  const [openItem, setOpenItem] = useState<number | null>(null);
  const byFinding = useMemo(() => {
    const m = new Map<number, RectificationItem[]>();
    for (const i of [...(items.data?.rows ?? [])].sort(byUrgency)) pushTo(m, i.findingId, i);
    return m;
  }, [items.data]);

  if (findings.isError) return <Card title="问题清单"><InlineError error={findings.error} onRetry={() => void findings.refetch()} /></Card>;
  const list = findings.data;

  return (
    <Card
      title="问题清单"
      style={{ marginTop: 16 }}
      extra={
        <Space>
          {list && <Typography.Text type="secondary">{list.locked ? "任务已定稿：问题不能再修改，仍可分解整改" : "问题写入评价报告第六部分「存在的问题」"}</Typography.Text>}
          <Link to={linkTo("/rectification", { taskId })}>整改台账</Link>
          {list?.can.create && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ kind: "manual" })}>
              新增问题
            </Button>
          )}
        </Space>
      }
    >
      <ScrollTable<Finding>
        aria-label="问题清单"
        rowKey="id"
        size="middle"
        loading={findings.isPending}
        dataSource={list?.findings ?? []}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: findings.isPending ? " " : "暂无问题。可在评分表中将失分指标记为问题，或在此新增。" }}
        columns={[
          { title: "序号", key: "i", width: 60, render: (_, __, i) => i + 1 },
          {
            title: "问题",
            dataIndex: "title",
            // With the 序号 the row's name: both stay at the left while the table scrolls.
            fixed: "left",
            width: 240,
            render: (title: string, f) => (
              <div>
                <Typography.Text strong>{title}</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }} ellipsis={{ rows: 2, tooltip: f.descriptionText }}>
                  {f.descriptionText}
                </Typography.Paragraph>
              </div>
            ),
          },
          { title: "类别", dataIndex: "category", width: 100, render: (c: string) => <span style={{ whiteSpace: "nowrap" }}>{c}</span> },
          { title: "严重程度", dataIndex: "severity", width: 90, render: (s: Finding["severity"]) => <SeverityTag severity={s} /> },
          { title: "范围", dataIndex: "scopeLabel", width: 100 },
          { title: "来源", dataIndex: "origin", width: 120, render: (o: Finding["origin"]) => <Tag>{ORIGIN_LABEL[o]}</Tag> },
          { title: "整改事项", key: "items", width: 390, render: (_, f) => <FindingItems items={byFinding.get(f.id) ?? []} onOpen={setOpenItem} /> },
          {
            title: "操作",
            key: "actions",
            width: 170,
            render: (_, f) => (
              <Space size={0} style={{ whiteSpace: "nowrap" }}>
                {f.can.assign && (
                  <Button size="small" type="link" icon={<ApartmentOutlined />} onClick={() => setSplitting(f)}>
                    分解整改
                  </Button>
                )}
                {f.can.edit && (
                  <Tooltip title="编辑">
                    <Button size="small" type="text" aria-label={`编辑问题 ${f.title}`} icon={<EditOutlined />} onClick={() => setForm({ kind: "edit", finding: f })} />
                  </Tooltip>
                )}
                {f.can.edit && (
                  <Tooltip title="删除">
                    <Button
                      size="small"
                      type="text"
                      danger
                      aria-label={`删除问题 ${f.title}`}
                      icon={<DeleteOutlined />}
                      onClick={() =>
                        modal.confirm({
                          title: `删除问题「${f.title}」？`,
                          content: f.items.total > 0 ? `其 ${f.items.total} 项整改事项将一并删除。` : "删除后评价报告第六部分不再列出本问题。",
                          okText: "删除",
                          cancelText: "取消",
                          okButtonProps: { danger: true },
                          onOk: async () => {
                            try {
                              await remove.mutateAsync(f.id);
                              message.success("已删除问题");
                            } catch (e) {
                              message.error(errorMessage(e));
                            }
                          },
                        })
                      }
                    />
                  </Tooltip>
                )}
              </Space>
            ),
          },
        ]}
      />
      {form && <FindingFormModal open onClose={() => setForm(null)} taskId={taskId} source={form} />}
      {splitting && (
        <AddItemsModal open onClose={() => setSplitting(null)} findingId={splitting.id} findingTitle={splitting.title} taskId={taskId} defaultCountyId={splitting.countyId} />
      )}
      <ItemDrawer id={openItem} onClose={() => setOpenItem(null)} />
    </Card>
  );
}
