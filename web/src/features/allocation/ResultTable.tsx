/**
 * 分配结果 per county: the factors and coefficient, the score and grade, the two parts of the money,
 * the 核减, the amount and share, what the county would get at the mean score and the difference. The
 * 合计 row is the server's totals, so it equals the total to the 分.
 */
import { Flex, Table, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import type { AllocationLine, AllocationView } from "../../../../contracts/allocation";
import { FACTOR_KEYS, type FactorKey } from "../../../../core/allocation/types";
import { ratioBasisPoints } from "../../../../core/money";
import { GradeTag } from "../evaluations/shared";
import { GAIN, LOSS } from "./charts";
import { score2, share2, signedWan2, wan2, wanExactText } from "./format";
import { ScrollTable } from "../../components/ScrollTable";

const FACTOR_SHORT: Record<FactorKey, string> = { area: "面积", households: "户数", buildings: "楼栋", communities: "小区" };

/** An exact decimal from the server ("51780.00") with thousands grouped; the fraction as given. */
export function decimalText(value: string): string {
  const [whole, frac] = value.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac && /[1-9]/.test(frac) ? `${grouped}.${frac.replace(/0+$/, "")}` : grouped;
}

/** An amount cell: 2 decimals in 万元, the exact figure on hover. */
export function Wan({ fen, strong }: { fen: number; strong?: boolean }) {
  const text = wan2(fen);
  return (
    <Tooltip title={`${wanExactText(fen)} 万元`} mouseEnterDelay={0.4}>
      <span className="num" style={strong ? { fontWeight: 600 } : undefined}>
        {text}
      </span>
    </Tooltip>
  );
}

/** 得分影响: green for money gained by the score, red for money lost. */
export function Moved({ fen }: { fen: number }) {
  const color = fen > 0 ? GAIN : fen < 0 ? LOSS : "rgba(0,0,0,0.45)";
  return (
    <span className="num" style={{ color, fontWeight: 600 }}>
      {signedWan2(fen)}
    </span>
  );
}

function Cut({ line }: { line: AllocationLine }) {
  if (line.cutFen === 0) return <span className="num" style={{ color: "rgba(0,0,0,0.35)" }}>—</span>;
  if (line.cutFen < 0) {
    return (
      <Flex vertical align="end" gap={2}>
        <Tooltip title={`核减原因：${line.cutReasons.join("；")}`}>
          <span className="num" style={{ color: LOSS }}>
            {signedWan2(line.cutFen)}
          </span>
        </Tooltip>
        <Flex gap={2} wrap justify="end">
          {line.cutReasons.map((r) => (
            <Tag key={r} color="red" style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: "16px" }}>
              {r}
            </Tag>
          ))}
        </Flex>
      </Flex>
    );
  }
  return (
    <Tooltip title="核减的资金按计算金额比例分给未核减的县区">
      <span className="num" style={{ color: "rgba(0,0,0,0.65)" }}>
        {signedWan2(line.cutFen)}
      </span>
    </Tooltip>
  );
}

const num = (text: string) => <span className="num">{text}</span>;

export function ResultTable({ view }: { view: AllocationView }) {
  const unitOf = (key: FactorKey) => view.lines[0]?.factors.find((f) => f.key === key)?.unit ?? view.totals.factors.find((f) => f.key === key)?.unit ?? "";
  const columns: TableColumnsType<AllocationLine> = [
    { title: "县区", dataIndex: "name", fixed: "left", width: 84 },
    {
      title: "因素",
      children: FACTOR_KEYS.map((key) => ({
        key,
        title: `${FACTOR_SHORT[key]}（${unitOf(key)}）`,
        align: "right" as const,
        render: (_: unknown, l: AllocationLine) => num(decimalText(l.factors.find((f) => f.key === key)?.value ?? "0")),
      })),
    },
    { title: "困难系数", dataIndex: "difficulty", align: "right", width: 76, render: (d: string) => num(decimalText(d)) },
    {
      title: "评价得分 / 等级",
      key: "score",
      align: "right",
      width: 96,
      render: (_, l) => (
        <Flex gap={4} justify="end" align="center">
          {l.scoreOverridden ? (
            <Tooltip title={`假设得分；实际得分 ${score2(l.actualScore)}`}>
              <span className="num" style={{ color: "#d48806" }}>
                {score2(l.score)}*
              </span>
            </Tooltip>
          ) : (
            num(score2(l.score))
          )}
          {l.grade && <GradeTag grade={l.grade} />}
        </Flex>
      ),
    },
    { title: "因素分配", dataIndex: "factorFen", align: "right", render: (v: number) => <Wan fen={v} /> },
    { title: "绩效分配", dataIndex: "performanceFen", align: "right", render: (v: number) => <Wan fen={v} /> },
    { title: "核减", key: "cut", align: "right", width: 116, render: (_, l) => <Cut line={l} /> },
    { title: "占比", dataIndex: "shareBp", align: "right", width: 72, render: (v: number) => num(share2(v)) },
    { title: "分配金额", dataIndex: "amountFen", align: "right", fixed: "right", width: 92, render: (v: number) => <Wan fen={v} strong /> },
    { title: "按平均分应得", dataIndex: "atMeanScoreFen", align: "right", fixed: "right", width: 104, render: (v: number) => <Wan fen={v} /> },
    { title: "得分影响", dataIndex: "movedByScoreFen", align: "right", fixed: "right", width: 84, render: (v: number) => <Moved fen={v} /> },
  ];
  const t = view.totals;
  const totalShare = ratioBasisPoints(t.amountFen, view.totalFen);
  const totalFactor = (key: FactorKey) => decimalText(t.factors.find((f) => f.key === key)?.value ?? "0");
  return (
    <ScrollTable<AllocationLine>
      aria-label="各县区分配结果"
      size="small"
      bordered
      rowKey="countyId"
      pagination={false}
      scroll={{ x: "max-content" }}
      dataSource={view.lines}
      columns={columns}
      summary={() => (
        <Table.Summary>
          <Table.Summary.Row className="allocation-total-row">
            <Table.Summary.Cell index={0}>
              <strong>合计</strong>
            </Table.Summary.Cell>
            {FACTOR_KEYS.map((key, i) => (
              <Table.Summary.Cell key={key} index={1 + i} align="right">
                {num(totalFactor(key))}
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={5} />
            <Table.Summary.Cell index={6} align="right">
              <Typography.Text type="secondary" className="num">
                {view.meanScore !== null ? `平均 ${score2(view.meanScore)}` : ""}
              </Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={7} align="right">
              <Wan fen={t.factorFen} />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={8} align="right">
              <Wan fen={t.performanceFen} />
            </Table.Summary.Cell>
            <Table.Summary.Cell index={9} align="right">
              {num(signedWan2(t.cutFen))}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={10} align="right">
              {num(totalShare === null ? "—" : share2(totalShare))}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={11} align="right">
              <span data-testid="allocation-total">
                <Wan fen={t.amountFen} strong />
              </span>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={12} align="right">
              <Wan fen={t.atMeanScoreFen} />
            </Table.Summary.Cell>
            {/* Each county's mean-score amount is computed with the others unchanged: their sum is not the total, nor is a sum of differences meaningful. */}
            <Table.Summary.Cell index={13} />
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}
