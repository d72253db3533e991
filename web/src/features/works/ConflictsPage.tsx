/**
 * 开挖冲突 (反复开挖): communities where operators, or an operator and the renovation, dig apart in
 * time. 住建 confirms a joint window (联合施工窗口); then every party acknowledges it, and the
 * conflict is closed (闭环).
 */
import { useState } from "react";
import { App, Button, Card, DatePicker, Flex, Form, Modal, Segmented, Space, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { CheckCircleFilled, ClockCircleOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import type { Conflict } from "../../../../contracts/works";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { beijingTime } from "../../components/figures";
import { LinkButton } from "../../components/LinkButton";
import { PageHeader } from "../../components/PageHeader";
import { InlineError, notifySaveError } from "../../components/states";
import { count } from "../projects/shared";
import { useAcknowledgeConflict, useConfirmConflict, useConflicts } from "./api";
import { windowText } from "./shared";
import { ScrollTable } from "../../components/ScrollTable";

type Filter = "open" | "all";

/** The party the signed-in account answers for in a conflict, if any: its own operator, or 住建 for the renovation. */
function myParty(c: Conflict, role: { operator: boolean; housing: boolean }): string | null {
  if (role.operator) {
    const mine = c.works.find((w) => w.editable);
    return mine ? `operator:${mine.operatorId}` : null;
  }
  return role.housing && c.renovation ? "renovation" : null;
}

export default function ConflictsPage() {
  const { fundYear, linkTo } = useLedger();
  const { me, can } = useSession();
  const app = App.useApp();
  const [filter, setFilter] = useState<Filter>("open");
  const [confirming, setConfirming] = useState<Conflict | null>(null);
  const conflicts = useConflicts({ open: filter === "open" });
  const acknowledge = useAcknowledgeConflict();
  const role = { operator: can("works.write"), housing: can("works.coordinate") };
  const rows = conflicts.data ?? [];

  const ack = async (c: Conflict) => {
    try {
      await acknowledge.mutateAsync({ key: c.key, party: role.operator ? undefined : "renovation" });
      app.message.success(`已确认知悉${c.communityName}的联合施工窗口`);
    } catch (e) {
      notifySaveError(app, e);
    }
  };

  const columns: TableColumnsType<Conflict> = [
    {
      title: "小区",
      key: "community",
      width: 150,
      render: (_, c) => (
        <>
          <div>{c.communityName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.countyName}
          </Typography.Text>
        </>
      ),
    },
    {
      title: "先后开挖的施工",
      key: "works",
      render: (_, c) => (
        <Space orientation="vertical" size={2}>
          {c.renovation && (
            <span>
              <Tag color="blue">改造项目</Tag>
              {c.renovation.projectName}：{windowText(c.renovation.from, c.renovation.to)}
            </span>
          )}
          {c.works.map((w) => (
            <span key={w.id}>
              <Tag color="orange">{w.kind}</Tag>
              {w.operatorName}：{windowText(w.plannedFrom, w.plannedTo)}
            </span>
          ))}
        </Space>
      ),
    },
    {
      title: "联合施工窗口",
      key: "window",
      width: 210,
      render: (_, c) =>
        c.confirmedFrom ? (
          <>
            <div>
              <Tag color="green">已确认</Tag>
              {windowText(c.confirmedFrom, c.confirmedTo)}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.confirmedBy ? `确认人：${c.confirmedBy}` : "住建部门已确认"}
            </Typography.Text>
          </>
        ) : (
          <>
            <div>
              <Tag>建议</Tag>
              {windowText(c.proposedFrom, c.proposedTo)}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              待住建部门确认
            </Typography.Text>
          </>
        ),
    },
    {
      title: "当事方确认知悉",
      key: "parties",
      width: 230,
      render: (_, c) => (
        <Space orientation="vertical" size={2}>
          {c.parties.map((p) => (
            <span key={p.key}>
              {p.acknowledgedAt ? (
                <Tooltip title={`${p.acknowledgedBy ?? ""} 于 ${beijingTime(p.acknowledgedAt)} 确认`}>
                  <CheckCircleFilled style={{ color: "#389e0d", marginInlineEnd: 6 }} aria-label="已确认知悉" />
                </Tooltip>
              ) : (
                <ClockCircleOutlined style={{ color: "#8c8c8c", marginInlineEnd: 6 }} aria-label="待确认知悉" />
              )}
              {p.name}
            </span>
          ))}
        </Space>
      ),
    },
    { title: "状态", dataIndex: "open", width: 76, render: (open: boolean) => (open ? <Tag color="red">未闭环</Tag> : <Tag color="green">已闭环</Tag>) },
    {
      title: "操作",
      key: "actions",
      width: 120,
      render: (_, c) => {
        const party = myParty(c, role);
        const mine = party ? c.parties.find((p) => p.key === party) : undefined;
        return (
          <Space orientation="vertical" size={4}>
            {role.housing && (
              <Button size="small" onClick={() => setConfirming(c)} aria-label={`确认 ${c.communityName} 的联合施工窗口`}>
                {c.confirmedFrom ? "调整窗口" : "确认窗口"}
              </Button>
            )}
            {can("works.acknowledge") && mine && !mine.acknowledgedAt && (
              <Tooltip title={c.confirmedFrom ? undefined : "住建部门确认联合施工窗口后才能确认知悉"}>
                <Button size="small" type="primary" disabled={!c.confirmedFrom} loading={acknowledge.isPending && acknowledge.variables?.key === c.key} onClick={() => void ack(c)} aria-label={`确认知悉 ${c.communityName}`}>
                  确认知悉
                </Button>
              </Tooltip>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title="开挖冲突"
        subtitle={
          role.operator
            ? `${me.organisation ?? "本单位"}参与的反复开挖冲突：同一小区内先后开挖、间隔超过规定天数的施工，建议合并到联合施工窗口`
            : `${me.county?.name ?? fundYear.region.name}各小区的反复开挖冲突：住建部门确认联合施工窗口，各当事方确认知悉后闭环`
        }
        extra={<LinkButton to={linkTo("/works")}>施工计划</LinkButton>}
      />
      <Card>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
          <Segmented<Filter>
            aria-label="冲突范围"
            value={filter}
            onChange={setFilter}
            options={[
              { value: "open", label: "未闭环" },
              { value: "all", label: "全部" },
            ]}
          />
          <Typography.Text type="secondary" data-testid="conflict-total">
            {conflicts.data ? `共 ${count(rows.length)} 处${filter === "open" ? "未闭环" : ""}冲突` : ""}
          </Typography.Text>
        </Flex>
        {conflicts.isError ? (
          <InlineError error={conflicts.error} onRetry={() => void conflicts.refetch()} />
        ) : (
          <ScrollTable<Conflict>
            aria-label="开挖冲突列表"
            size="small"
            rowKey="key"
            loading={conflicts.isFetching}
            columns={columns}
            dataSource={rows}
            scroll={{ x: 1100 }}
            pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            locale={{ emptyText: filter === "open" ? "没有未闭环的开挖冲突" : "没有开挖冲突" }}
          />
        )}
      </Card>
      {confirming && <ConfirmWindow conflict={confirming} onClose={() => setConfirming(null)} />}
    </>
  );
}

/** 住建 sets the joint window, starting from the proposed (or the confirmed) one. */
function ConfirmWindow({ conflict, onClose }: { conflict: Conflict; onClose: () => void }) {
  const app = App.useApp();
  const [form] = Form.useForm<{ window: [Dayjs, Dayjs] }>();
  const confirm = useConfirmConflict();
  const from = conflict.confirmedFrom ?? conflict.proposedFrom;
  const to = conflict.confirmedTo ?? conflict.proposedTo;
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await confirm.mutateAsync({ key: conflict.key, from: v.window[0].format("YYYY-MM-DD"), to: v.window[1].format("YYYY-MM-DD") });
      app.message.success(`已确认${conflict.communityName}的联合施工窗口，已通知各专营单位确认知悉`);
      onClose();
    } catch (e) {
      notifySaveError(app, e);
    }
  };
  return (
    <Modal
      title={`确认联合施工窗口：${conflict.communityName}`}
      open
      onCancel={onClose}
      onOk={() => void save()}
      okText="确认窗口"
      cancelText="取消"
      confirmLoading={confirm.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        系统建议的窗口为 {windowText(conflict.proposedFrom, conflict.proposedTo)}（各方计划施工期有重叠时取重叠期，否则取改造项目工期）。确认或调整后，各当事方须重新确认知悉。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ window: [dayjs(from), dayjs(to)] }}>
        <Form.Item name="window" label="联合施工窗口" rules={[{ required: true, message: "请选择联合施工窗口的开始和结束日期" }]}>
          <DatePicker.RangePicker style={{ width: "100%" }} format="YYYY年M月D日" placeholder={["开始日期", "结束日期"]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
