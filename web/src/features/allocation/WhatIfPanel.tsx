/**
 * 假如: one county's score replaced by another; the server recomputes the whole allocation (the
 * preview route with scoreOverrides) and the page shows what each county's amount would become.
 */
import { useState } from "react";
import { Alert, Button, Flex, Input, Select, Table, Typography } from "antd";
import { ExperimentOutlined } from "@ant-design/icons";
import type { AllocationLine, AllocationRequest, AllocationView } from "../../../../contracts/allocation";
import { errorMessage } from "../../components/states";
import { useWhatIf } from "./api";
import { readScore, score2, signedWan2, wan2 } from "./format";
import { Moved, Wan } from "./ResultTable";

interface Row {
  countyId: number;
  name: string;
  beforeFen: number;
  afterFen: number;
  /** after − before in 分 (integers: exact). */
  changeFen: number;
}

export function WhatIfPanel({ request, view }: { request: AllocationRequest; view: AllocationView }) {
  const scored = view.lines.filter((l) => l.score !== null);
  const [countyId, setCountyId] = useState<number | null>(scored[0]?.countyId ?? null);
  const [scoreText, setScoreText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const run = useWhatIf();
  const county: AllocationLine | undefined = view.lines.find((l) => l.countyId === countyId);
  if (view.lines.length === 0) return null;

  const submit = () => {
    if (countyId === null) return setProblem("请选择县区");
    const s = readScore(scoreText);
    if (!s.ok) return setProblem(s.message);
    setProblem(null);
    run.mutate({ ...request, scoreOverrides: [{ countyId, score: s.value }] });
  };

  const result = run.data;
  const rows: Row[] = result
    ? view.lines.map((b) => {
        const after = result.lines.find((l) => l.countyId === b.countyId)?.amountFen ?? 0;
        return { countyId: b.countyId, name: b.name, beforeFen: b.amountFen, afterFen: after, changeFen: after - b.amountFen };
      })
    : [];
  const mine = rows.find((r) => r.countyId === run.variables?.scoreOverrides?.[0]?.countyId);
  const mineLine = result?.lines.find((l) => l.countyId === mine?.countyId);

  return (
    <>
      <Flex gap={12} wrap align="start">
        <Select
          aria-label="假如县区"
          style={{ width: 160 }}
          value={countyId ?? undefined}
          options={view.lines.map((l) => ({ value: l.countyId, label: l.name }))}
          onChange={(id: number) => {
            setCountyId(id);
            setProblem(null);
          }}
        />
        <Flex vertical gap={4}>
          <Input
            aria-label="假如得分"
            style={{ width: 200 }}
            value={scoreText}
            status={problem ? "error" : undefined}
            placeholder="0 至 100，最多 2 位小数"
            suffix="分"
            onChange={(e) => {
              setScoreText(e.target.value);
              setProblem(null);
            }}
            onPressEnter={submit}
          />
          {problem && (
            <Typography.Text type="danger" role="alert" style={{ fontSize: 12 }}>
              {problem}
            </Typography.Text>
          )}
        </Flex>
        <Button type="primary" icon={<ExperimentOutlined />} loading={run.isPending} onClick={submit}>
          重新计算
        </Button>
        {county && (
          <Typography.Text type="secondary" style={{ lineHeight: "32px" }}>
            {`${county.name}当前得分 ${score2(county.actualScore ?? county.score)} 分，分配 ${wan2(county.amountFen)} 万元`}
          </Typography.Text>
        )}
      </Flex>
      {run.isError && <Alert style={{ marginTop: 12 }} type="error" showIcon title="假如计算失败" description={errorMessage(run.error)} />}
      {result && mine && mineLine && (
        <>
          <Alert
            style={{ marginTop: 16 }}
            type={mine.changeFen > 0 ? "success" : mine.changeFen < 0 ? "warning" : "info"}
            showIcon
            title={`假如${mine.name}得分为 ${score2(mineLine.score)} 分（实际 ${score2(mineLine.actualScore)} 分），分配金额将为 ${wan2(mine.afterFen)} 万元，${
              mine.changeFen === 0 ? "不变" : `${mine.changeFen > 0 ? "增加" : "减少"} ${wan2(Math.abs(mine.changeFen))} 万元`
            }。`}
            description="总额不变，其余县区相应调整；假如分析按同一方案计算，不会保存。"
          />
          <Table<Row>
            aria-label="假如分析结果"
            style={{ marginTop: 12 }}
            size="small"
            rowKey="countyId"
            pagination={false}
            dataSource={rows}
            rowClassName={(r) => (r.countyId === mine.countyId ? "ant-table-row-selected" : "")}
            columns={[
              { title: "县区", dataIndex: "name" },
              { title: "当前分配（万元）", dataIndex: "beforeFen", align: "right", render: (v: number) => <Wan fen={v} /> },
              { title: "假如后（万元）", dataIndex: "afterFen", align: "right", render: (v: number) => <Wan fen={v} strong /> },
              { title: "变化（万元）", dataIndex: "changeFen", align: "right", render: (v: number) => <Moved fen={v} /> },
            ]}
          />
          <Typography.Text type="secondary" style={{ display: "block", marginTop: 8 }}>
            {`变化合计 ${signedWan2(rows.reduce((a, r) => a + r.changeFen, 0))} 万元`}
          </Typography.Text>
        </>
      )}
    </>
  );
}
