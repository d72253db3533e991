/**
 * One rectification item: the finding it came from (with the score sheet's figures when it came from
 * a leaf), owner, deadline, measures and state; what the viewer may do; evidence; the history.
 */
import { Alert, Card, Col, Descriptions, Divider, Flex, Row, Space, Tag, Timeline, Typography } from "antd";
import { Link } from "react-router";
import { formatDateCn } from "../../../../core/dates";
import type { Finding, RectificationItemDetail } from "../../../../contracts/rectification";
import { useLinkTo } from "../../app/ledger";
import { useSession } from "../../app/session";
import { PageError, PageSkeleton } from "../../components/states";
import { ptsFixed } from "../evaluations/shared";
import { useItem } from "./api";
import { ItemActions } from "./ItemActions";
import { ItemEvidence } from "./ItemEvidence";
import { DeadlineCell, ItemStateTag, momentCn, SeverityTag } from "./shared";

const EVENT_COLOR: Record<string, string> = { accept: "green", return: "red", overdue: "red", submit: "blue", start: "blue" };

/** The leaf's figures as the finding recorded them: 分值, 得分, 失分, the value and how points were lost. */
export function FindingFiguresBlock({ figures }: { figures: NonNullable<Finding["figures"]> }) {
  return (
    <Descriptions size="small" column={1} bordered styles={{ label: { width: 110 } }}>
      <Descriptions.Item label="指标">{figures.leafName}</Descriptions.Item>
      <Descriptions.Item label="得分">
        <span className="num">{`分值 ${ptsFixed(figures.weight)} 分，得 ${ptsFixed(figures.score)} 分，失 ${ptsFixed(figures.lost)} 分`}</span>
      </Descriptions.Item>
      {figures.valueText && (
        <Descriptions.Item label="指标值">
          <span className="num">{figures.valueText}</span>
        </Descriptions.Item>
      )}
      {figures.figures.length > 0 && (
        <Descriptions.Item label="取值">
          {figures.figures.map((f) => (
            <div key={f.label}>
              {f.label}：<span className="num">{f.text}</span>
            </div>
          ))}
        </Descriptions.Item>
      )}
      {figures.deductions.length > 0 && (
        <Descriptions.Item label="扣分情况">
          {figures.deductions.map((d, i) => (
            <div key={i}>{d}</div>
          ))}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}

/** `wide`: on its own page, the finding and the item beside the evidence and the history. */
export function ItemView({ id, onDeleted, wide = false }: { id: number; onDeleted?: () => void; wide?: boolean }) {
  const item = useItem(id);
  const { can } = useSession();
  const linkTo = useLinkTo();
  if (item.isPending) return <PageSkeleton rows={1} />;
  if (item.isError) return <PageError error={item.error} onRetry={() => void item.refetch()} />;
  const it = item.data;

  const main = (
    <>
      <Card size="small" title="问题" extra={<Space size={4}><Tag>{it.findingCategory}</Tag><SeverityTag severity={it.findingSeverity} /></Space>}>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {it.findingTitle}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>{it.findingDescriptionText}</Typography.Paragraph>
        {it.findingFigures && <FindingFiguresBlock figures={it.findingFigures} />}
        {it.findingEvidence && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {`问题依据：${it.findingEvidence}`}
          </Typography.Paragraph>
        )}
        <Typography.Text type="secondary" style={{ display: "block", marginTop: 8 }}>
          {"评价任务："}
          {can("evaluation.read") ? <Link to={linkTo(`/evaluations/${it.taskId}`)}>{it.taskName}</Link> : it.taskName}
          {`　范围：${it.findingScopeLabel}`}
        </Typography.Text>
      </Card>

      <Card size="small" title="整改事项" extra={<ItemStateTag state={it.state} />}>
        {it.overdue && <Alert style={{ marginBottom: 12 }} type="error" showIcon title={`已逾期：整改期限为${formatDateCn(it.deadline)}，尚未提交验收。`} />}
        <Descriptions size="small" column={1} styles={{ label: { width: 90 } }}>
          <Descriptions.Item label="责任单位">{it.ownerLabel}</Descriptions.Item>
          <Descriptions.Item label="整改期限">
            <DeadlineCell item={it} />
          </Descriptions.Item>
          <Descriptions.Item label="整改措施">
            <span style={{ whiteSpace: "pre-wrap" }}>{it.measures}</span>
          </Descriptions.Item>
          {it.progress && (
            <Descriptions.Item label="整改情况">
              <span style={{ whiteSpace: "pre-wrap" }}>{it.progress}</span>
            </Descriptions.Item>
          )}
          {it.submittedAt && <Descriptions.Item label="提交时间">{momentCn(it.submittedAt)}</Descriptions.Item>}
          {it.verifiedAt && <Descriptions.Item label="验收">{`${it.verifiedByName ?? ""}　${momentCn(it.verifiedAt)}`}</Descriptions.Item>}
          <Descriptions.Item label="分派">{`${it.createdByName}　${momentCn(it.createdAt)}`}</Descriptions.Item>
        </Descriptions>
        <Divider style={{ margin: "12px 0" }} />
        <ItemActions item={it} onDeleted={onDeleted} />
      </Card>
    </>
  );
  const side = (
    <>
      <Card size="small" title={`佐证材料（${it.evidence.length}）`}>
        <ItemEvidence item={it} />
      </Card>

      <Card size="small" title="整改记录">
        <Timeline
          items={it.history.map((e) => ({
            key: e.id,
            color: EVENT_COLOR[e.action] ?? "gray",
            content: (
              <div>
                <Space size={6} wrap>
                  <Typography.Text strong>{e.actionLabel}</Typography.Text>
                  <Typography.Text>{e.actorName}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {momentCn(e.at)}
                  </Typography.Text>
                </Space>
                {e.note && <div style={{ whiteSpace: "pre-wrap", color: "rgba(0,0,0,0.65)" }}>{e.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>
    </>
  );
  if (!wide)
    return (
      <Flex vertical gap={16}>
        {main}
        {side}
      </Flex>
    );
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Flex vertical gap={16}>
          {main}
        </Flex>
      </Col>
      <Col xs={24} xl={10}>
        <Flex vertical gap={16}>
          {side}
        </Flex>
      </Col>
    </Row>
  );
}
