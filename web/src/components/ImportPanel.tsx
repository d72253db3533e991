/**
 * The one import panel of every table import that runs through the server's import pipeline
 * (regions, accounts …): download the template, drop an .xlsx, see the dry run at once (nothing is
 * written), then 确认导入 writes the whole file or nothing. A kind plugs in its endpoint and texts.
 */
import { useState, type ReactNode } from "react";
import { Alert, App, Button, Card, Descriptions, Flex, Popconfirm, Result, Spin, Typography, Upload } from "antd";
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { IMPORT_MAX_BYTES, type TableImportResult } from "../../../contracts/imports";
import { ApiError, download, request } from "../api";
import { ProblemsTable } from "./ProblemsTable";
import { errorMessage } from "./states";
import { ScrollTable } from "./ScrollTable";

const MAX_MB = IMPORT_MAX_BYTES / 1024 / 1024;

export interface ImportPanelProps {
  /** 行政区划, 账户 … */
  label: string;
  /** POST endpoint under /api taking the file and ?dryRun=. */
  endpoint: string;
  /** GET endpoint of the empty template, and its file name. */
  template: { path: string; fileName: string };
  /** What the template's columns mean, shown above the upload. */
  hint?: ReactNode;
  /** Queries a commit changes. */
  invalidates?: QueryKey[];
  /** Shown beside 继续导入 after a commit. */
  doneExtra?: ReactNode;
}

type Run = { file: File; dryRun: boolean };

function postTableImport(endpoint: string, { file, dryRun }: Run) {
  const form = new FormData();
  form.append("file", file, file.name);
  return request<TableImportResult>(endpoint, { method: "POST", params: { dryRun }, body: form });
}

/** Rows keyed by Chinese column names, as the server gives them. */
export function KeyedTable({ rows, label }: { rows: Record<string, string | number | null>[]; label: string }) {
  const keys = rows.length ? Object.keys(rows[0]) : [];
  return (
    <ScrollTable
      aria-label={label}
      size="small"
      rowKey={(_, i) => String(i)}
      pagination={false}
      scroll={{ x: "max-content" }}
      dataSource={rows}
      columns={keys.map((k) => ({ key: k, title: k, dataIndex: k, width: k === "行号" ? 64 : undefined, render: (v: string | number | null) => <span className={k === "行号" ? "num" : undefined}>{v ?? ""}</span> }))}
    />
  );
}

export function ImportPanel({ label, endpoint, template, hint, invalidates = [], doneExtra }: ImportPanelProps) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [downloading, setDownloading] = useState(false);
  const check = useMutation({ mutationFn: (r: Run) => postTableImport(endpoint, r) });
  const commit = useMutation({
    mutationFn: (r: Run) => postTableImport(endpoint, r),
    onSuccess: async () => {
      await Promise.all(invalidates.map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });

  const reset = () => {
    setFile(null);
    check.reset();
    commit.reset();
  };
  const runCheck = (f: File) => {
    commit.reset();
    setFile(f);
    check.mutate({ file: f, dryRun: true });
  };
  const result = check.data;
  const committed = commit.data;
  const canCommit = !!result && !!file && result.problems.length === 0 && result.newCount > 0 && !commit.isPending;

  if (committed) {
    return (
      <Card>
        <Result
          status="success"
          title="导入成功"
          subTitle={committed.summary ?? `已写入 ${committed.newCount} 行${label}数据`}
          extra={[
            doneExtra,
            <Button key="again" onClick={reset}>
              继续导入
            </Button>,
          ]}
        />
        {committed.once && committed.once.length > 0 && (
          <>
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title="以下信息只显示这一次"
              description="请立即抄录或截图后分别告知本人；关闭本页后无法再次查看。首次登录时须修改初始密码。"
            />
            <KeyedTable rows={committed.once} label="只显示一次的信息" />
          </>
        )}
      </Card>
    );
  }

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Flex gap={16} align="center" wrap>
          <Button
            icon={<DownloadOutlined />}
            loading={downloading}
            onClick={async () => {
              setDownloading(true);
              try {
                await download(template.path, {}, template.fileName);
              } catch (e) {
                message.error(errorMessage(e));
              } finally {
                setDownloading(false);
              }
            }}
          >
            下载{label}模板
          </Button>
          {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
        </Flex>
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          showIcon
          title="整批导入：文件中任何一行有问题，整个文件都不会写入；同一文件重复导入不会重复写入，已存在且相同的行保持不变。"
        />
      </Card>
      <Card title={`上传${label}表`} style={{ marginBottom: 16 }}>
        <Upload.Dragger
          accept=".xlsx"
          multiple={false}
          showUploadList={false}
          disabled={check.isPending || commit.isPending}
          beforeUpload={(f) => {
            if (f.size > IMPORT_MAX_BYTES) {
              message.error(`文件超过 ${MAX_MB} MB，请拆分后分批导入`);
              return Upload.LIST_IGNORE;
            }
            runCheck(f);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或将 .xlsx 文件拖到此处</p>
          <p className="ant-upload-hint">上传后系统立即预检，预检不会写入任何数据。单个文件不超过 {MAX_MB} MB。</p>
        </Upload.Dragger>
      </Card>

      {check.isPending && (
        <Card>
          <Flex justify="center" style={{ padding: 24 }}>
            <Spin description={`正在预检 ${file?.name ?? ""}…`} />
          </Flex>
        </Card>
      )}
      {check.isError && (
        <Card title={`预检结果：${file?.name ?? ""}`}>
          <Alert type="error" showIcon title="文件无法导入" description={errorMessage(check.error)} style={{ marginBottom: 12 }} />
          {check.error instanceof ApiError && check.error.problems.length > 0 && <ProblemsTable problems={check.error.problems} />}
        </Card>
      )}
      {result && !check.isPending && (
        <Card
          title={`预检结果：${result.fileName}`}
          extra={
            <Flex gap={8}>
              <Button onClick={() => file && runCheck(file)} disabled={!file || commit.isPending}>
                重新预检
              </Button>
              <Popconfirm
                title="确认导入"
                description={`将写入 ${result.newCount} 行${label}数据。`}
                okText="确认导入"
                cancelText="取消"
                disabled={!canCommit}
                onConfirm={() => file && commit.mutate({ file, dryRun: false })}
              >
                <Button type="primary" icon={<CloudUploadOutlined />} disabled={!canCommit} loading={commit.isPending}>
                  确认导入
                </Button>
              </Popconfirm>
            </Flex>
          }
        >
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 3 }}
            items={[
              { key: "rows", label: "读取行数", children: <span className="num">{result.rowCount}</span> },
              { key: "new", label: "新增或变更", children: <span className="num">{result.newCount}</span> },
              { key: "unchanged", label: "已存在（不变）", children: <span className="num">{result.unchangedCount}</span> },
            ]}
          />
          {commit.isError && (
            <div style={{ marginTop: 16 }}>
              <Alert type="error" showIcon title="导入未完成，未写入任何数据" description={errorMessage(commit.error)} style={{ marginBottom: 12 }} />
              {commit.error instanceof ApiError && commit.error.problems.length > 0 && <ProblemsTable problems={commit.error.problems} />}
            </div>
          )}
          {result.problems.length > 0 ? (
            <div style={{ marginTop: 16 }}>
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                title={`发现 ${result.problems.length + result.moreProblems} 处问题，整个文件不会导入`}
                description="请按下表在 Excel 中修改后重新上传。"
              />
              <ProblemsTable problems={result.problems} more={result.moreProblems} />
            </div>
          ) : result.newCount === 0 ? (
            <Alert style={{ marginTop: 16 }} type="success" showIcon title={result.rowCount ? "文件中的数据均已导入过，无需再次导入。" : "文件中没有数据行。"} />
          ) : (
            <Alert style={{ marginTop: 16 }} type="success" showIcon title={`预检通过：可写入 ${result.newCount} 行，请核对下方预览后点击“确认导入”。`} />
          )}
          {result.problems.length === 0 && result.preview.length > 0 && (
            <div style={{ marginTop: 16 }}>
              <Typography.Title level={5}>将写入的数据</Typography.Title>
              <KeyedTable rows={result.preview} label="将写入的数据预览" />
              {result.newCount > result.preview.length && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  仅显示前 {result.preview.length} 行，共 {result.newCount} 行。
                </Typography.Text>
              )}
            </div>
          )}
        </Card>
      )}
    </>
  );
}
