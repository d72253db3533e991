/** One computed allocation (a preview or a saved plan): the figures, the notes, the chart and 假如. */
import type { ReactNode } from "react";
import { Alert, Card, Col, Row, Space, Statistic, Tag, Typography } from "antd";
import { FACTOR_BASIS_LABEL, type AllocationRequest, type AllocationView } from "../../../../contracts/allocation";
import { formatDateCn } from "../../../../core/dates";
import { MovedByScoreChart } from "./charts";
import { score2, wan2 } from "./format";
import { ResultTable } from "./ResultTable";
import { WhatIfPanel } from "./WhatIfPanel";

export function ResultSection({ view, request, actions, title }: { view: AllocationView; request: AllocationRequest | null; actions: ReactNode; title: ReactNode }) {
  const gained = view.lines.filter((l) => l.movedByScoreFen > 0).length;
  const lost = view.lines.filter((l) => l.movedByScoreFen < 0).length;
  const cut = view.lines.filter((l) => l.cutFen < 0);
  return (
    <>
      <Card title={title} extra={<Space wrap>{actions}</Space>} style={{ marginBottom: 16 }}>
        <Row gutter={24} style={{ marginBottom: 16 }}>
          <Col flex="200px">
            <Statistic title="分配总额（万元）" value={wan2(view.totalFen)} />
          </Col>
          <Col flex="200px">
            <Statistic title="平均得分" value={score2(view.meanScore)} suffix={view.meanScore !== null ? "分" : undefined} />
          </Col>
          <Col flex="200px">
            <Statistic title="核减县区" value={cut.length} suffix="个" />
          </Col>
          <Col flex="auto">
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              <Typography.Text type="secondary">分配方案：</Typography.Text>
              {`${view.scheme.name}（第 ${view.scheme.revision} 版）`}
            </Typography.Paragraph>
            <Typography.Paragraph style={{ marginBottom: 4 }}>
              <Typography.Text type="secondary">因素口径：</Typography.Text>
              {FACTOR_BASIS_LABEL[view.factorBasis]}
            </Typography.Paragraph>
            <Typography.Paragraph style={{ marginBottom: 0 }}>
              <Typography.Text type="secondary">评价依据：</Typography.Text>
              {view.task ? `${view.task.name}（评价日 ${formatDateCn(view.basisFundYear.evaluationDate)}）` : `${view.basisFundYear.year}年度没有评价任务，未按得分分配`}
            </Typography.Paragraph>
          </Col>
        </Row>
        <ResultTable view={view} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
          金额单位：万元，由分精确四舍五入到两位小数（悬停可见精确金额）；合计为分配总额。“按平均分应得”为该县区得分取全部参评县区平均分、其他县区不变时的金额（逐县区分别测算，故其合计不等于分配总额），“得分影响”为分配金额与之的差额。
          {view.lines.some((l) => l.scoreOverridden) && " 带 * 的得分为假设得分。"}
        </Typography.Paragraph>
        {view.notes.length > 0 && (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            title="计算说明"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {view.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            }
          />
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={request ? 12 : 24}>
          <Card
            title="得分影响：与按平均分应得之差"
            style={{ marginBottom: 16 }}
            extra={
              <Space size={4}>
                <Tag color="green">{`增加 ${gained} 个`}</Tag>
                <Tag color="red">{`减少 ${lost} 个`}</Tag>
              </Space>
            }
          >
            <MovedByScoreChart lines={view.lines} meanScore={view.meanScore} />
          </Card>
        </Col>
        {request && (
          <Col xs={24} xl={12}>
            <Card title="假如分析：某县区得分变化时的分配" style={{ marginBottom: 16 }}>
              {view.task ? <WhatIfPanel key={JSON.stringify(request)} request={request} view={view} /> : <Typography.Text type="secondary">没有评价得分，无法进行假如分析。</Typography.Text>}
            </Card>
          </Col>
        )}
      </Row>
    </>
  );
}
