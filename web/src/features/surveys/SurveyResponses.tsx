/**
 * 问卷审核: the responses of the survey filtered by state, county, community, flag and channel, with
 * their automatic flags; 接受 / 退回（理由）/ 恢复待审核 on a selection, and one response's answers
 * question by question in a drawer.
 */
import { useMemo, useState } from "react";
import { Alert, App, Badge, Button, Card, Descriptions, Drawer, Flex, Form, Input, Modal, Radio, Select, Space, Tag, Tooltip, Typography } from "antd";
import { CheckOutlined, EyeOutlined, RollbackOutlined, SafetyCertificateOutlined, UndoOutlined } from "@ant-design/icons";
import { FLAG_LABEL, FLAGS, type Flag } from "../../../../core/survey/answers";
import { REVIEW_REASON_MAX, type ResponseSummary, type SurveyState } from "../../../../contracts/surveys";
import type { Questionnaire } from "../../../../core/survey/questionnaire";
import { beijingTime } from "../../components/figures";
import { errorMessage, InlineError, PageSkeleton } from "../../components/states";
import { fetchAllResponses, useResponse, useResponses, useReview, type ResponseDetail, type ResponseFilter, type Review } from "./api";
import { CHANNEL_LABEL, count, duration, FlagTags, LevelTag, Num, RESPONSE_STATE } from "./shared";
import { ACTIONS_KEY, ScrollTable } from "../../components/ScrollTable";

type State = ResponseSummary["state"];
type Decision = Review["decision"];

const DECISION_TEXT: Record<Decision, string> = { accept: "接受", reject: "退回", reopen: "恢复待审核" };

function Channel({ r }: { r: Pick<ResponseSummary, "channel" | "seq" | "formNo"> }) {
  return (
    <Flex vertical>
      <span>{CHANNEL_LABEL[r.channel]}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {r.channel === "online" ? (r.seq !== null ? `第 ${r.seq} 户` : "") : r.formNo ? `编号 ${r.formNo}` : "无编号"}
      </Typography.Text>
    </Flex>
  );
}

function StateTag({ r }: { r: Pick<ResponseSummary, "state" | "reviewReason" | "reviewedByName" | "reviewedAt"> }) {
  const s = RESPONSE_STATE[r.state];
  const tag = <Tag color={s.color}>{s.text}</Tag>;
  if (r.state === "pending" || !r.reviewedByName) return tag;
  return <Tooltip title={`${r.reviewedByName} 于 ${beijingTime(r.reviewedAt)} ${s.text}${r.reviewReason ? `：${r.reviewReason}` : ""}`}>{tag}</Tooltip>;
}

/** The answers of one response, part by part as the questionnaire orders them. */
function Answers({ detail }: { detail: ResponseDetail }) {
  const q: Questionnaire = detail.questionnaire;
  return (
    <>
      {q.parts.map((part) => (
        <div key={part.name} style={{ marginBottom: 20 }}>
          <Typography.Title level={5} style={{ marginBottom: 8 }}>
            {part.title}
          </Typography.Title>
          <Descriptions
            size="small"
            bordered
            column={1}
            styles={{ label: { width: "58%" } }}
            items={part.questions.map((x, i) => {
              const v = detail.answers[x.name];
              return {
                key: x.name,
                label: (
                  <span>
                    {`${i + 1}. ${x.title}`}
                    {x.name === q.overall && (
                      <Tag color="blue" style={{ marginInlineStart: 6 }}>
                        计分题
                      </Tag>
                    )}
                  </span>
                ),
                children:
                  x.kind === "satisfaction" ? (
                    <LevelTag level={typeof v === "number" ? v : v === undefined ? null : Number(v)} />
                  ) : v === undefined || v === "" ? (
                    <span style={{ color: "rgba(0,0,0,0.35)" }}>未作答</span>
                  ) : (
                    <span style={{ whiteSpace: "pre-wrap" }}>{String(v)}</span>
                  ),
              };
            })}
          />
        </div>
      ))}
    </>
  );
}

function ResponseDrawer({ taskId, id, onClose, canReview, onDecide }: { taskId: number; id: number | null; onClose: () => void; canReview: boolean; onDecide: (ids: number[], d: Decision) => void }) {
  const detail = useResponse(taskId, id);
  const d = detail.data;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={640}
      title={d ? `${d.county} · ${d.community}　${d.household || "（未填住户）"}` : "问卷详情"}
      extra={
        d &&
        canReview && (
          <Space>
            {d.state !== "accepted" && (
              <Button type="primary" icon={<CheckOutlined />} onClick={() => onDecide([d.id], "accept")}>
                接受
              </Button>
            )}
            {d.state !== "rejected" && (
              <Button danger icon={<RollbackOutlined />} onClick={() => onDecide([d.id], "reject")}>
                退回
              </Button>
            )}
            {d.state !== "pending" && (
              <Button icon={<UndoOutlined />} onClick={() => onDecide([d.id], "reopen")}>
                恢复待审核
              </Button>
            )}
          </Space>
        )
      }
    >
      {detail.isPending ? (
        <PageSkeleton rows={1} />
      ) : detail.isError ? (
        <InlineError error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        d && (
          <>
            <Descriptions
              size="small"
              column={2}
              style={{ marginBottom: 16 }}
              items={[
                { key: "state", label: "状态", children: <StateTag r={d} /> },
                { key: "channel", label: "渠道", children: `${CHANNEL_LABEL[d.channel]}${d.channel === "online" && d.seq !== null ? `（第 ${d.seq} 户）` : d.formNo ? `（编号 ${d.formNo}）` : ""}` },
                { key: "at", label: "提交时间", children: beijingTime(d.submittedAt) },
                { key: "seconds", label: "作答时长", children: duration(d.seconds) },
                ...(d.enteredByName ? [{ key: "by", label: "录入人", children: d.enteredByName }] : []),
                { key: "flags", label: "标记", span: 2, children: <FlagTags flags={d.flags} /> },
                ...(d.reviewReason ? [{ key: "reason", label: "退回理由", span: 2, children: d.reviewReason }] : []),
              ]}
            />
            <Answers detail={d} />
          </>
        )
      )}
    </Drawer>
  );
}

export function SurveyResponses({ taskId, state }: { taskId: number; state: SurveyState }) {
  const survey = state.survey!;
  const canReview = state.can.review;
  const { message, modal } = App.useApp();
  const [filter, setFilter] = useState<ResponseFilter>({ state: "pending", page: 1, pageSize: 20 });
  const [selected, setSelected] = useState<number[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const [rejecting, setRejecting] = useState<number[] | null>(null);
  const [bulkBusy, setBulkBusy] = useState(false);
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const responses = useResponses(taskId, filter);
  const review = useReview(taskId);

  const counties = useMemo(() => [...new Map(survey.communities.map((c) => [c.countyId, c.county])).entries()], [survey.communities]);
  const communities = survey.communities.filter((c) => !filter.countyId || c.countyId === filter.countyId);
  const change = (patch: ResponseFilter) => {
    setSelected([]);
    setFilter((f) => ({ ...f, ...patch, page: 1 }));
  };

  const decide = async (ids: number[], decision: Decision, reason?: string) => {
    try {
      const r = await review.mutateAsync({ ids, decision, reason });
      message.success(r.unchanged ? `已${DECISION_TEXT[decision]} ${count(r.changed)} 份，${count(r.unchanged)} 份原已是该状态` : `已${DECISION_TEXT[decision]} ${count(r.changed)} 份问卷`);
      setSelected([]);
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    }
  };
  const onDecide = (ids: number[], d: Decision) => {
    if (d === "reject") setRejecting(ids);
    else void decide(ids, d);
  };

  /** Every pending response without a flag under the current county, community and channel. */
  const acceptClean = async () => {
    setBulkBusy(true);
    try {
      const all = await fetchAllResponses(taskId, { state: "pending", countyId: filter.countyId, communityId: filter.communityId, channel: filter.channel });
      const clean = all.filter((r) => r.flags.length === 0);
      if (clean.length === 0) {
        message.info("当前筛选范围内没有无标记的待审问卷");
        return;
      }
      modal.confirm({
        title: `接受 ${count(clean.length)} 份无标记的待审问卷？`,
        content: `当前筛选范围内共有 ${count(all.length)} 份待审问卷，其中 ${count(all.length - clean.length)} 份有标记，仍留待逐份审核。`,
        okText: "全部接受",
        cancelText: "取消",
        onOk: () => decide(clean.map((r) => r.id), "accept"),
      });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBulkBusy(false);
    }
  };

  const page = responses.data;
  const counts = page?.counts;
  const stateValue: State | "all" = filter.state ?? "all";
  const selectedRows = (page?.items ?? []).filter((r) => selected.includes(r.id));

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap align="center">
          <Radio.Group
            aria-label="审核状态"
            optionType="button"
            value={stateValue}
            onChange={(e) => change({ state: e.target.value === "all" ? undefined : (e.target.value as State) })}
            options={[
              { value: "pending", label: `待审核${counts ? ` ${count(counts.pending)}` : ""}` },
              { value: "accepted", label: `已接受${counts ? ` ${count(counts.accepted)}` : ""}` },
              { value: "rejected", label: `已退回${counts ? ` ${count(counts.rejected)}` : ""}` },
              { value: "all", label: "全部" },
            ]}
          />
          {counties.length > 1 && (
            <Select<number>
              aria-label="县区"
              allowClear
              placeholder="全部县区"
              style={{ width: 140 }}
              value={filter.countyId}
              onChange={(v) => change({ countyId: v, communityId: undefined })}
              options={counties.map(([id, name]) => ({ value: id, label: name }))}
            />
          )}
          <Select<number>
            aria-label="小区"
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="全部小区"
            style={{ width: 220 }}
            value={filter.communityId}
            onChange={(v) => change({ communityId: v })}
            options={communities.map((c) => ({ value: c.communityId, label: counties.length > 1 && !filter.countyId ? `${c.county} · ${c.name}` : c.name }))}
          />
          <Select<Flag>
            aria-label="标记"
            allowClear
            placeholder="全部标记"
            style={{ width: 160 }}
            value={filter.flag}
            onChange={(v) => change({ flag: v })}
            options={FLAGS.map((f) => ({ value: f, label: FLAG_LABEL[f] }))}
          />
          <Select<"online" | "paper">
            aria-label="渠道"
            allowClear
            placeholder="全部渠道"
            style={{ width: 130 }}
            value={filter.channel}
            onChange={(v) => change({ channel: v })}
            options={[
              { value: "online", label: CHANNEL_LABEL.online },
              { value: "paper", label: CHANNEL_LABEL.paper },
            ]}
          />
          {counts && counts.flagged > 0 && <Badge status="warning" text={`有标记 ${count(counts.flagged)} 份`} />}
        </Flex>
      </Card>
      <Card
        title={page ? `问卷 ${count(page.total)} 份` : "问卷"}
        extra={
          canReview && (
            <Flex gap={8} wrap align="center">
              {selected.length > 0 && <Typography.Text type="secondary">{`已选 ${selected.length} 份`}</Typography.Text>}
              <Button type="primary" icon={<CheckOutlined />} disabled={!selectedRows.some((r) => r.state !== "accepted")} loading={review.isPending && review.variables?.decision === "accept"} onClick={() => onDecide(selected, "accept")}>
                接受
              </Button>
              <Button danger icon={<RollbackOutlined />} disabled={!selectedRows.some((r) => r.state !== "rejected")} onClick={() => onDecide(selected, "reject")}>
                退回
              </Button>
              <Button icon={<UndoOutlined />} disabled={!selectedRows.some((r) => r.state !== "pending")} onClick={() => onDecide(selected, "reopen")}>
                恢复待审核
              </Button>
              <Tooltip title="在当前县区、小区和渠道范围内，接受所有没有任何标记的待审核问卷">
                <Button icon={<SafetyCertificateOutlined />} loading={bulkBusy} disabled={!counts || counts.pending === 0} onClick={() => void acceptClean()}>
                  接受所有无标记的待审问卷
                </Button>
              </Tooltip>
            </Flex>
          )
        }
      >
        {responses.isError ? (
          <InlineError error={responses.error} onRetry={() => void responses.refetch()} />
        ) : (
          <ScrollTable<ResponseSummary>
            aria-label="问卷列表"
            size="small"
            rowKey="id"
            loading={responses.isFetching}
            dataSource={page?.items ?? []}
            scroll={{ x: "max-content" }}
            rowSelection={canReview ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) } : undefined}
            onRow={(r) => ({ onDoubleClick: () => setOpen(r.id) })}
            locale={{ emptyText: filter.state === "pending" ? "没有待审核的问卷" : "没有符合条件的问卷" }}
            pagination={{
              current: filter.page,
              pageSize: filter.pageSize,
              total: page?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (t) => `共 ${count(t)} 份`,
              onChange: (p, size) => {
                setSelected([]);
                setFilter((f) => ({ ...f, page: size !== f.pageSize ? 1 : p, pageSize: size }));
              },
            }}
            columns={[
              { title: "提交时间", dataIndex: "submittedAt", width: 140, render: (v: string) => <Num>{beijingTime(v)}</Num> },
              { title: "县区", dataIndex: "county", width: 80 },
              { title: "小区", dataIndex: "community" },
              { title: "住户", dataIndex: "household", render: (v: string) => v || <Typography.Text type="secondary">未填写</Typography.Text> },
              { title: "渠道", key: "channel", width: 124, render: (_, r) => <Channel r={r} /> },
              { title: "总体评价", dataIndex: "overallLevel", width: 96, render: (v: number | null) => <LevelTag level={v} /> },
              { title: "作答时长", dataIndex: "seconds", width: 90, align: "right", render: (v: number | null) => <Num>{duration(v)}</Num> },
              { title: "标记", dataIndex: "flags", render: (f: Flag[]) => <FlagTags flags={f} /> },
              { title: "状态", key: "state", width: 84, render: (_, r) => <StateTag r={r} /> },
              {
                title: "",
                key: ACTIONS_KEY,
                width: 72,
                render: (_, r) => (
                  <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setOpen(r.id)}>
                    查看
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
      <ResponseDrawer taskId={taskId} id={open} onClose={() => setOpen(null)} canReview={canReview} onDecide={onDecide} />
      <Modal
        open={rejecting !== null}
        title={rejecting && rejecting.length > 1 ? `退回 ${rejecting.length} 份问卷` : "退回问卷"}
        okText="退回"
        cancelText="取消"
        okButtonProps={{ danger: true, loading: review.isPending }}
        onCancel={() => setRejecting(null)}
        onOk={async () => {
          const { reason } = await reasonForm.validateFields();
          if (await decide(rejecting!, "reject", reason.trim())) setRejecting(null);
        }}
        destroyOnHidden
      >
        <Alert style={{ marginBottom: 12 }} type="info" showIcon title="退回的问卷不计入满意率；如判断有误，可随时恢复待审核。" />
        <Form form={reasonForm} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label="退回理由"
            rules={[
              { required: true, whitespace: true, message: "请填写退回理由" },
              { max: REVIEW_REASON_MAX, message: `理由不超过 ${REVIEW_REASON_MAX} 个字` },
            ]}
          >
            <Input.TextArea rows={3} maxLength={REVIEW_REASON_MAX} showCount placeholder="如：同一户重复作答，保留较早提交的一份。" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
