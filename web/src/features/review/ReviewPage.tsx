/** 报送审核: each county's data goes 填报 → 送审 → 审核通过 / 退回; approved data is locked. */
import { useState } from "react";
import { Link } from "react-router";
import { App, Button, Card, Flex, Input, Modal, Segmented, Select, Space, Table, Tag, Timeline, Typography } from "antd";
import { SUBMISSION_KINDS, type Submission, type SubmissionKind } from "../../../../contracts/review";
import type { ReviewAction } from "../../../../core/review";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { PageError, PageSkeleton } from "../../components/states";
import { useReviewAction, useSubmissions } from "../admin/api";
import { useMonitoringPeriods } from "../projects/api";
import { beijingTime } from "../../components/figures";

const STATE_COLOR = { draft: "default", submitted: "processing", approved: "success", returned: "warning" } as const;


/** Where the data under review is shown, for one county (and period). */
const DATA_PAGE: Record<SubmissionKind, (countyId: number, period: string) => { path: string; params: Record<string, string | number>; label: string }> = {
  payments: (countyId) => ({ path: "/funds/payments", params: { countyId }, label: "查看支付" }),
  projects: (countyId) => ({ path: "/projects", params: { countyId }, label: "查看项目" }),
  monitoring: (countyId, period) => ({ path: `/monitoring/counties/${countyId}`, params: { period }, label: "查看进度" }),
};

export default function ReviewPage() {
  const { message } = App.useApp();
  const { fundYear, linkTo } = useLedger();
  const { me, can } = useSession();
  const [kind, setKind] = useState<SubmissionKind>("payments");
  const periodic = SUBMISSION_KINDS[kind].periodic;
  const periods = useMonitoringPeriods(fundYear.id, periodic);
  const [chosenPeriod, setPeriod] = useState<string>();
  // 双监控 is reviewed per reporting period; the one holding the 评价日 comes first.
  const period = periodic ? (chosenPeriod ?? periods.data?.current.code) : "";
  const periodLabel = periodic ? (periods.data?.periods.find((p) => p.code === period)?.label ?? "") : "";
  const list = useSubmissions({ fundYearId: fundYear.id, kind, period });
  const act = useReviewAction();
  const [asking, setAsking] = useState<{ s: Submission; action: ReviewAction } | null>(null);
  const [reason, setReason] = useState("");

  const run = async (s: Submission, action: ReviewAction, why?: string) => {
    try {
      const r = await act.mutateAsync({ fundYearId: fundYear.id, countyId: s.county.id, kind, period: period ?? "", action, reason: why });
      message.success(`${s.county.name}${periodLabel}${SUBMISSION_KINDS[kind].label}：${r.stateLabel}`);
      setAsking(null);
      setReason("");
    } catch (e) {
      message.error(e instanceof Error ? e.message : "操作失败");
    }
  };

  const actions = (s: Submission) => {
    const buttons: { action: ReviewAction; label: string; reason?: boolean; danger?: boolean }[] = [];
    if (me.role === "county" && me.county?.id === s.county.id && (s.state === "draft" || s.state === "returned")) buttons.push({ action: "submit", label: "送审" });
    if (can("review.decide") && s.state === "submitted") buttons.push({ action: "approve", label: "审核通过" }, { action: "return", label: "退回", reason: true, danger: true });
    if (can("review.reopen") && s.state === "approved") buttons.push({ action: "reopen", label: "重新打开", reason: true, danger: true });
    if (!buttons.length) return <Typography.Text type="secondary">—</Typography.Text>;
    return (
      <Space>
        {buttons.map((b) => (
          <Button key={b.action} size="small" type={b.danger ? "default" : "primary"} danger={b.danger} loading={act.isPending && act.variables?.countyId === s.county.id} onClick={() => (b.reason ? setAsking({ s, action: b.action }) : void run(s, b.action))}>
            {b.label}
          </Button>
        ))}
      </Space>
    );
  };

  return (
    <>
      <PageHeader
        title="报送审核"
        subtitle="县区填报后送审；市住建局、市财政局审核通过或退回（须写明原因）。已送审、已审核通过的数据对县区锁定，只有市财政局可以重新打开。"
      />
      <Card>
        <Flex gap={16} wrap style={{ marginBottom: 12 }} align="center">
          <Segmented<SubmissionKind>
            value={kind}
            onChange={setKind}
            options={(Object.keys(SUBMISSION_KINDS) as SubmissionKind[]).map((k) => ({ value: k, label: SUBMISSION_KINDS[k].label }))}
          />
          {periodic && periods.data && (
            <Select
              aria-label="监测期次"
              style={{ width: 180 }}
              value={period}
              onChange={setPeriod}
              options={periods.data.periods.map((p) => ({ value: p.code, label: p.label }))}
            />
          )}
        </Flex>
        {periodic && periods.isError ? (
          <PageError error={periods.error} onRetry={() => void periods.refetch()} />
        ) : list.isPending ? (
          <PageSkeleton rows={1} />
        ) : list.isError ? (
          <PageError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Submission>
            rowKey={(s) => s.county.id}
            size="middle"
            pagination={false}
            dataSource={list.data}
            expandable={{
              rowExpandable: (s) => s.events.length > 0,
              expandedRowRender: (s) => (
                <Timeline
                  style={{ marginTop: 8 }}
                  items={s.events.map((e) => ({
                    color: e.action === "return" || e.action === "reopen" ? "orange" : e.action === "approve" ? "green" : "blue",
                    children: `${beijingTime(e.at)}　${e.actorName}　${e.actionLabel}${e.reason ? `（原因：${e.reason}）` : ""}`,
                  }))}
                />
              ),
            }}
            columns={[
              { title: "县区", width: 120, render: (_, s) => s.county.name },
              { title: "状态", width: 120, render: (_, s) => <Tag color={STATE_COLOR[s.state]}>{s.stateLabel}</Tag> },
              { title: "县区可修改", width: 110, render: (_, s) => (s.editableByCounty ? "是" : <Typography.Text type="secondary">已锁定</Typography.Text>) },
              {
                title: "数据",
                width: 110,
                render: (_, s) => {
                  const to = DATA_PAGE[kind](s.county.id, period ?? "");
                  return <Link to={linkTo(to.path, to.params)}>{to.label}</Link>;
                },
              },
              { title: "最近一次操作", render: (_, s) => (s.events.length ? `${beijingTime(s.updatedAt)} ${s.events[s.events.length - 1].actorName} ${s.events[s.events.length - 1].actionLabel}` : "尚未送审") },
              { title: "操作", width: 220, render: (_, s) => actions(s) },
            ]}
          />
        )}
      </Card>
      <Modal
        title={asking ? `${asking.action === "return" ? "退回" : "重新打开"}：${asking.s.county.name}${periodLabel}${SUBMISSION_KINDS[kind].label}` : ""}
        open={asking !== null}
        onCancel={() => setAsking(null)}
        okText="确定"
        okButtonProps={{ disabled: !reason.trim(), danger: true }}
        confirmLoading={act.isPending}
        onOk={() => asking && void run(asking.s, asking.action, reason)}
      >
        <Typography.Paragraph type="secondary">原因将记入审核记录和审计日志，县区可以看到。</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={500} showCount value={reason} onChange={(e) => setReason(e.target.value)} placeholder="请写明原因" />
      </Modal>
    </>
  );
}
