/** 下达明细: every allocation up to the 评价日, filtered and paginated by the server. */
import { Typography, type TableColumnsType } from "antd";
import { Link } from "react-router";
import { formatDateCn } from "../../../../core/dates";
import type { Allocation } from "../../../../contracts/funds";
import { useAllocations } from "../../api";
import { useLedger } from "../../app/ledger";
import { RECORD_AMOUNT_TITLE, recordAmount } from "./amounts";
import { DetailList } from "./DetailList";

export default function AllocationsPage() {
  const { linkTo } = useLedger();
  const columns: TableColumnsType<Allocation> = [
    { title: "下达日期", dataIndex: "allocatedOn", width: 130, render: (d: string) => <span className="num">{formatDateCn(d)}</span> },
    { title: "文号", dataIndex: "docNo", width: 190 },
    { title: "县区", dataIndex: "county", width: 90 },
    {
      title: "项目",
      dataIndex: "projectName",
      render: (name: string | null, a) =>
        a.projectId ? (
          <Link to={linkTo(`/funds/projects/${a.projectId}`)} title={a.projectCode ?? undefined}>
            {name}
          </Link>
        ) : (
          <Typography.Text type="secondary">未指定项目</Typography.Text>
        ),
    },
    { title: "资金来源", dataIndex: "source", width: 100 },
    { title: RECORD_AMOUNT_TITLE, dataIndex: "amountFen", align: "right", width: 130, render: (v: number) => <span className="num">{recordAmount(v)}</span> },
    { title: "备注", dataIndex: "note", render: (v: string | null) => v ?? "" },
  ];
  return (
    <DetailList<Allocation>
      title="下达明细"
      description="截至评价日的资金下达记录"
      searchPlaceholder="文号、项目编号或项目名称"
      ariaLabel="下达明细"
      useData={useAllocations}
      columns={columns}
    />
  );
}
