/** 支付明细: every payment up to the 评价日, filtered and paginated by the server. */
import type { TableColumnsType } from "antd";
import { Link } from "react-router";
import { formatDateCn } from "../../../../core/dates";
import type { Payment } from "../../../../contracts/funds";
import { usePayments } from "../../api";
import { useLedger } from "../../app/ledger";
import { RECORD_AMOUNT_TITLE, recordAmount } from "./amounts";
import { DetailList } from "./DetailList";

export default function PaymentsPage() {
  const { linkTo } = useLedger();
  const columns: TableColumnsType<Payment> = [
    { title: "支付日期", dataIndex: "paidOn", width: 130, render: (d: string) => <span className="num">{formatDateCn(d)}</span> },
    { title: "凭证号", dataIndex: "voucherNo", width: 140, render: (v: string) => <span className="num">{v}</span> },
    { title: "县区", dataIndex: "county", width: 90 },
    {
      title: "项目",
      dataIndex: "projectName",
      render: (name: string, p) => (
        <Link to={linkTo(`/funds/projects/${p.projectId}`)} title={p.projectCode}>
          {name}
        </Link>
      ),
    },
    { title: "资金来源", dataIndex: "source", width: 100 },
    { title: RECORD_AMOUNT_TITLE, dataIndex: "amountFen", align: "right", width: 130, render: (v: number) => <span className="num">{recordAmount(v)}</span> },
    { title: "备注", dataIndex: "note", render: (v: string | null) => v ?? "" },
  ];
  return (
    <DetailList<Payment>
      title="支付明细"
      description="截至评价日的资金支付记录"
      searchPlaceholder="凭证号、项目编号或项目名称"
      ariaLabel="支付明细"
      useData={usePayments}
      columns={columns}
    />
  );
}
