/**
 * 勾稽校验 results — of the generated report and of an uploaded file, shown the same way: what was
 * recognised, how many relations were checked, and each inconsistency at its place with the value
 * the other figures require.
 */
import { Alert, App, Flex, Spin, Typography, Upload } from "antd";
import { InboxOutlined } from "@ant-design/icons";
import type { CheckResult } from "../../../../contracts/reports";
import { REPORT_FILE_MAX_BYTES } from "../../../../contracts/reports";
import { describeLocation } from "../../../../core/report/check";
import { InlineError } from "../../components/states";
import { useCheckReportFile } from "./api";
import "./report.css";

const ACCEPT = [".docx", ".txt", ".pdf"];
const MAX_MB = REPORT_FILE_MAX_BYTES / 1024 / 1024;

/** The one line that sums a check up: 「勾稽校验：已核对 N 项关系，未发现不一致」. */
export function checkTitle(result: CheckResult): string {
  const head = `勾稽校验：已核对 ${result.relations} 项关系`;
  return result.problems.length === 0 ? `${head}，未发现不一致` : `${head}，发现 ${result.problems.length} 处不一致`;
}

type Problem = CheckResult["problems"][number];

function ProblemItem({ problem }: { problem: Problem }) {
  const place = describeLocation({ ...problem.where, chapter: problem.where.chapter ?? "" });
  // The server's message starts with the same place; it is shown once, above the sentence.
  const text = place && problem.message.startsWith(`${place}：`) ? problem.message.slice(place.length + 1) : problem.message;
  return (
    <li>
      <Flex gap={8} wrap align="baseline">
        <Typography.Text strong>{place || "全文"}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          第 {problem.where.line} 行
        </Typography.Text>
      </Flex>
      <Typography.Text style={{ color: "#cf1322" }}>{text}</Typography.Text>
    </li>
  );
}

export function CheckResultView({ result }: { result: CheckResult }) {
  const ok = result.problems.length === 0;
  const recognised = result.recognised.length ? `识别内容：${result.recognised.join("、")}。` : "未识别出可核对的表格或数字。";
  return (
    <Flex vertical gap={12}>
      <Alert
        type={ok ? "success" : "warning"}
        showIcon
        title={checkTitle(result)}
        description={
          <>
            {result.fileName && <div>{`文件：${result.fileName}`}</div>}
            <div>{recognised}</div>
            {result.taskId !== null && <div>各数字已同时与评价任务的系统记录核对。</div>}
          </>
        }
      />
      {!ok && (
        <ul className="check-problems" aria-label="不一致之处">
          {result.problems.map((p, i) => (
            <ProblemItem key={i} problem={p} />
          ))}
        </ul>
      )}
    </Flex>
  );
}

/** 校验其他报告文件: upload a .docx / .txt / .pdf and see its check; with a task, also against its records. */
export function ReportFileCheck({ taskId }: { taskId?: number }) {
  const check = useCheckReportFile();
  const { message } = App.useApp();
  return (
    <Flex vertical gap={12}>
      <Upload.Dragger
        accept={ACCEPT.join(",")}
        multiple={false}
        showUploadList={false}
        disabled={check.isPending}
        beforeUpload={(file) => {
          if (!ACCEPT.some((ext) => file.name.toLowerCase().endsWith(ext))) message.error("请上传 .docx、.txt 或 .pdf 文件（.doc 文件请先另存为 .docx）");
          else if (file.size > REPORT_FILE_MAX_BYTES) message.error(`文件超过 ${MAX_MB} MB，请压缩图片后重新上传`);
          else check.mutate({ file, taskId });
          // The file goes through the API client, not the Upload's own request.
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">校验其他报告文件</p>
        <p className="ant-upload-hint">{`点击或拖入 .docx、.txt、.pdf 文件（不超过 ${MAX_MB} MB），核对表内合计、得分率、资金构成和前后数字是否一致`}</p>
      </Upload.Dragger>
      {check.isPending && (
        <Flex justify="center" style={{ padding: 16 }}>
          <Spin description={`正在校验 ${check.variables?.file.name ?? ""}…`} />
        </Flex>
      )}
      {check.isError && <InlineError error={check.error} title="校验失败" />}
      {check.data && !check.isPending && <CheckResultView result={check.data} />}
    </Flex>
  );
}
