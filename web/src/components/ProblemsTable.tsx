/** The problems table of uploads and forms; apart from states.tsx so that the sign-in screen does not load antd's Table. */
import { Alert, Table } from "antd";
import type { Problem } from "../../../contracts/errors";

/** Problems of an uploaded file or a form: 行号 / 列 / 问题, in red. */
export function ProblemsTable({ problems, more = 0 }: { problems: Problem[]; more?: number }) {
  return (
    <>
      <Table<Problem & { key: number }>
        size="small"
        className="problems-table"
        rowKey="key"
        dataSource={problems.map((p, i) => ({ ...p, key: i }))}
        pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        columns={[
          { title: "行号", dataIndex: "row", width: 80, align: "right", render: (row: number | null) => <span className="num">{row ?? "—"}</span> },
          { title: "列", dataIndex: "column", width: 160, render: (c: string | null) => c ?? "（整个文件）" },
          { title: "问题", dataIndex: "message", render: (m: string) => <span style={{ color: "#cf1322" }}>{m}</span> },
        ]}
      />
      {more > 0 && <Alert style={{ marginTop: 8 }} type="warning" showIcon title={`另有 ${more} 处问题未列出，请先修改以上问题后重新上传。`} />}
    </>
  );
}
