/**
 * What a saved plan offers: 导出 (.xlsx), 下载下达草稿 (the draft 下达 batch in the allocation import
 * format) and 试导入 (the dry run of that batch into the fund year of the plan's year; nothing is
 * written — the commit is the usual 数据导入). A preview offers 导出 only.
 */
import { useState } from "react";
import { Alert, App, Button, Card, Descriptions } from "antd";
import { DownloadOutlined, ExperimentOutlined, FileExcelOutlined } from "@ant-design/icons";
import type { AllocationRequest, DraftBatchTrial } from "../../../../contracts/allocation";
import { LinkButton } from "../../components/LinkButton";
import { ProblemsTable } from "../../components/ProblemsTable";
import { errorMessage } from "../../components/states";
import { useSession } from "../../app/session";
import { downloadDraftBatch, downloadPlanWorkbook, downloadPreviewWorkbook, useTrialImport } from "./api";
import { wan2 } from "./format";
import { ScrollTable } from "../../components/ScrollTable";

function useDownload() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (key: string, fn: () => Promise<string>) => {
    setBusy(key);
    try {
      message.success(`已下载：${await fn()}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}

export function PreviewExportButton({ request }: { request: AllocationRequest }) {
  const { me } = useSession();
  const { busy, run } = useDownload();
  return (
    <Button icon={<FileExcelOutlined />} loading={busy === "x"} onClick={() => void run("x", () => downloadPreviewWorkbook(request, me.csrfToken))}>
      导出 .xlsx
    </Button>
  );
}

export function PlanExportButtons({ planId }: { planId: number }) {
  const { busy, run } = useDownload();
  return (
    <>
      <Button icon={<FileExcelOutlined />} loading={busy === "x"} onClick={() => void run("x", () => downloadPlanWorkbook(planId))}>
        导出 .xlsx
      </Button>
      <Button icon={<DownloadOutlined />} loading={busy === "d"} onClick={() => void run("d", () => downloadDraftBatch(planId))}>
        下载下达草稿
      </Button>
    </>
  );
}

function TrialReport({ trial }: { trial: DraftBatchTrial }) {
  const r = trial.report;
  const clean = r !== null && r.problems.length === 0;
  return (
    <Card title="试导入结果" style={{ marginBottom: 16 }}>
      <Alert
        type={r === null ? "warning" : clean ? "success" : "error"}
        showIcon
        title={trial.message}
        description={clean ? "试导入不写入任何数据。确认无误后，请在“数据导入”中上传下达草稿，选择资金下达正式导入（全部导入或全部不导入）。" : undefined}
        action={
          clean && trial.targetFundYearId !== null ? (
            <LinkButton type="primary" size="small" to={`/imports?fy=${trial.targetFundYearId}`}>
              前往数据导入
            </LinkButton>
          ) : undefined
        }
      />
      {r && (
        <>
          <Descriptions
            size="small"
            style={{ marginTop: 12 }}
            column={4}
            items={[
              { key: "f", label: "文件", children: r.fileName },
              { key: "s", label: "资金来源", children: trial.sourceCode },
              { key: "n", label: "可导入行数", children: <span className="num">{`${r.newCount} / ${r.rowCount}`}</span> },
              { key: "a", label: "合计（万元）", children: <span className="num">{wan2(r.newAmountFen)}</span> },
            ]}
          />
          {r.problems.length > 0 && <ProblemsTable problems={r.problems} more={r.moreProblems} />}
          {r.preview.length > 0 && (
            <ScrollTable
              aria-label="下达草稿预览"
              style={{ marginTop: 12 }}
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              scroll={{ x: "max-content" }}
              dataSource={r.preview}
              columns={Object.keys(r.preview[0]).map((k) => ({ key: k, title: k, dataIndex: k, width: k === "行号" ? 64 : undefined, render: (v: string | number | null) => (v === null ? "" : String(v)) }))}
            />
          )}
        </>
      )}
    </Card>
  );
}

/** 试导入 and its report; the button in the header, the report under it. */
export function useTrial(planId: number | null) {
  const trial = useTrialImport();
  const { message } = App.useApp();
  const button = planId !== null && (
    <Button
      icon={<ExperimentOutlined />}
      loading={trial.isPending}
      onClick={() => trial.mutate(planId, { onError: (e) => message.error(errorMessage(e)) })}
    >
      试导入下一年度
    </Button>
  );
  const report = trial.data && trial.variables === planId ? <TrialReport trial={trial.data} /> : null;
  return { button, report };
}
