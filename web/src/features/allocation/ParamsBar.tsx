/** 分配参数: year, total, scheme, factor basis, scored year and task; 计算 puts them in the URL. */
import { useState } from "react";
import { Button, Card, Col, Form, Input, Row, Select } from "antd";
import { CalculatorOutlined } from "@ant-design/icons";
import { FACTOR_BASES, FACTOR_BASIS_LABEL, type AllocationRequest, type AllocationSchemeView } from "../../../../contracts/allocation";
import type { FundYear } from "../../../../contracts/funds";
import { fundYearLabel } from "../../app/ledger";
import { useBasisTasks } from "./api";
import { basisFor, readDraft, type DraftProblems, type ParamsDraft } from "./params";

export function ParamsBar({
  initial,
  schemes,
  fundYears,
  ledgerYear,
  busy,
  onCompute,
}: {
  initial: ParamsDraft;
  schemes: AllocationSchemeView[];
  fundYears: FundYear[];
  ledgerYear: FundYear;
  busy: boolean;
  onCompute: (r: AllocationRequest) => void;
}) {
  const [draft, setDraft] = useState<ParamsDraft>({ ...initial, schemeCode: initial.schemeCode ?? schemes[0]?.code ?? null });
  const [problems, setProblems] = useState<DraftProblems>({});
  const tasks = useBasisTasks(draft.basisFundYearId ?? 0);
  const set = (patch: Partial<ParamsDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setProblems((p) => Object.fromEntries(Object.entries(p).filter(([k]) => !(k in patch))));
  };
  const sortedTasks = [...(tasks.data ?? [])].sort((a, b) => b.asOf.localeCompare(a.asOf) || b.id - a.id);
  const latest = sortedTasks[0];
  const compute = () => {
    const r = readDraft(draft);
    if (!r.ok) setProblems(r.problems ?? {});
    else onCompute(r.value);
  };
  const field = (key: keyof DraftProblems) => (problems[key] ? { validateStatus: "error" as const, help: problems[key] } : {});

  return (
    <Card style={{ marginBottom: 16 }}>
      <Form layout="vertical" onFinish={compute} requiredMark={false}>
        <Row gutter={16} align="bottom">
          <Col flex="110px">
            <Form.Item label="分配年度" {...field("year")} style={{ marginBottom: 8 }}>
              <Input
                aria-label="分配年度"
                value={draft.year}
                maxLength={4}
                onChange={(e) => {
                  const year = e.target.value;
                  const patch: Partial<ParamsDraft> = { year };
                  // The scored year follows: 2022's money is shared by the 2021 scores.
                  if (/^\d{4}$/.test(year)) {
                    const from = basisFor(fundYears, ledgerYear, Number(year));
                    if (from.year === Number(year) - 1 && from.id !== draft.basisFundYearId) Object.assign(patch, { basisFundYearId: from.id, taskId: null });
                  }
                  set(patch);
                }}
              />
            </Form.Item>
          </Col>
          <Col flex="160px">
            <Form.Item label="可分配资金（万元）" {...field("totalWan")} style={{ marginBottom: 8 }}>
              <Input aria-label="可分配资金（万元）" value={draft.totalWan} placeholder="如 25000" inputMode="decimal" onChange={(e) => set({ totalWan: e.target.value })} />
            </Form.Item>
          </Col>
          <Col flex="250px">
            <Form.Item label="分配方案" {...field("schemeCode")} style={{ marginBottom: 8 }}>
              <Select
                aria-label="分配方案"
                value={draft.schemeCode ?? undefined}
                options={schemes.map((s) => ({ value: s.code, label: s.name }))}
                onChange={(schemeCode: string) => set({ schemeCode })}
              />
            </Form.Item>
          </Col>
          <Col flex="210px">
            <Form.Item label="因素口径" style={{ marginBottom: 8 }}>
              <Select
                aria-label="因素口径"
                value={draft.factorBasis}
                options={FACTOR_BASES.map((b) => ({ value: b, label: FACTOR_BASIS_LABEL[b] }))}
                onChange={(factorBasis: ParamsDraft["factorBasis"]) => set({ factorBasis })}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16} align="bottom">
          <Col flex="300px">
            <Form.Item label="评价年度" {...field("basisFundYearId")} style={{ marginBottom: 8 }}>
              <Select
                aria-label="评价年度"
                value={draft.basisFundYearId ?? undefined}
                popupMatchSelectWidth={false}
                options={fundYears.map((f) => ({ value: f.id, label: fundYearLabel(f) }))}
                onChange={(basisFundYearId: number) => set({ basisFundYearId, taskId: null })}
              />
            </Form.Item>
          </Col>
          <Col flex="360px">
            <Form.Item label="评价任务" style={{ marginBottom: 8 }}>
              <Select
                aria-label="评价任务"
                allowClear
                loading={tasks.isPending && draft.basisFundYearId !== null}
                value={draft.taskId ?? undefined}
                placeholder={latest ? `默认：${latest.name}` : tasks.isError ? "评价任务加载失败" : "该年度没有评价任务"}
                popupMatchSelectWidth={false}
                options={sortedTasks.map((t) => ({ value: t.id, label: t.name }))}
                onChange={(taskId: number | undefined) => set({ taskId: taskId ?? null })}
              />
            </Form.Item>
          </Col>
          <Col flex="none">
            <Form.Item style={{ marginBottom: 8 }}>
              <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={busy}>
                计算
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Card>
  );
}
