/** 导出评分表: the task's workbook (every sheet, Table 1 and Table 2), with its own busy state and message. */
import { useState, type ReactNode } from "react";
import { App, Button } from "antd";
import { DownloadOutlined } from "@ant-design/icons";
import { errorMessage } from "../../components/states";
import { downloadTaskWorkbook } from "./api";

export function ExportButton({ taskId, children }: { taskId: number; children: ReactNode }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          message.success(`已导出：${await downloadTaskWorkbook(taskId)}`);
        } catch (e) {
          message.error(errorMessage(e));
        } finally {
          setBusy(false);
        }
      }}
    >
      {children}
    </Button>
  );
}
