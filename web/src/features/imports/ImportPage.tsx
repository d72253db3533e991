/**
 * 数据导入: pick the kind, download the template, drop an .xlsx. The file is checked at once (a dry
 * run that writes nothing); 确认导入 writes it only when no row has a problem.
 */
import { useState } from "react";
import { Alert, App, Button, Card, Descriptions, Flex, Popconfirm, Result, Segmented, Spin, Typography, Upload } from "antd";
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from "@ant-design/icons";
import { IMPORT_KIND_LABEL, IMPORT_KINDS, IMPORT_MAX_BYTES, type ImportKind, type ImportResult } from "../../../../contracts/imports";
import { ApiError, downloadImportTemplate, useImport } from "../../api";
import { fundYearLabel, useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { wan, wanText } from "../../components/figures";
import { LinkButton } from "../../components/LinkButton";
import { PageHeader } from "../../components/PageHeader";
import { ProblemsTable } from "../../components/ProblemsTable";
import { errorMessage } from "../../components/states";
import { ScrollTable } from "../../components/ScrollTable";

const MAX_MB = IMPORT_MAX_BYTES / 1024 / 1024;

/** The rows the import would write, as the server previews them (keyed by Chinese column names). */
function PreviewTable({ rows, total }: { rows: ImportResult["preview"]; total: number }) {
  const keys = rows.length ? Object.keys(rows[0]) : [];
  return (
    <>
      <ScrollTable
        aria-label="将写入的数据预览"
        size="small"
        rowKey={(_, i) => String(i)}
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={rows}
        columns={keys.map((k) => ({
          key: k,
          title: k,
          dataIndex: k,
          width: k === "行号" ? 64 : undefined,
          align: k.startsWith("金额") || k === "行号" ? ("right" as const) : undefined,
          render: (v: string | number | null) => <span className={k.startsWith("金额") || k === "行号" ? "num" : undefined}>{v ?? ""}</span>,
        }))}
      />
      {total > rows.length && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          仅显示前 {rows.length} 行，共 {total} 行新数据。
        </Typography.Text>
      )}
    </>
  );
}

function CheckSummary({ result }: { result: ImportResult }) {
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2, xl: 4 }}
      items={[
        { key: "rows", label: "读取行数", children: <span className="num">{result.rowCount}</span> },
        { key: "new", label: "新增行数", children: <span className="num">{result.newCount}</span> },
        { key: "unchanged", label: "已存在（不变）", children: <span className="num">{result.unchangedCount}</span> },
        { key: "amount", label: "新增金额", children: <span className="num">{wanText(result.newAmountFen)} 万元</span> },
      ]}
    />
  );
}

export default function ImportPage() {
  const { fundYear, linkTo } = useLedger();
  const { me, can } = useSession();
  const { message } = App.useApp();
  // The city allocates (funds.allocate); counties and the city pay (funds.pay).
  const kinds = IMPORT_KINDS.filter((k) => can(k === "allocations" ? "funds.allocate" : "funds.pay"));
  const [kind, setKind] = useState<ImportKind>(kinds.includes("payments") ? "payments" : kinds[0]);
  const [file, setFile] = useState<File | null>(null);
  const [downloading, setDownloading] = useState(false);
  const check = useImport();
  const commit = useImport();

  const reset = () => {
    setFile(null);
    check.reset();
    commit.reset();
  };

  const runCheck = (f: File) => {
    commit.reset();
    setFile(f);
    check.mutate({ kind, fundYearId: fundYear.id, file: f, dryRun: true });
  };

  const result = check.data;
  const committed = commit.data;
  const canCommit = !!result && !!file && result.problems.length === 0 && result.newCount > 0 && !commit.isPending;
  const label = IMPORT_KIND_LABEL[kind];
  const listPath = kind === "payments" ? "/funds/payments" : "/funds/allocations";

  return (
    <>
      <PageHeader
        title="数据导入"
        subtitle={`导入到：${fundYearLabel(fundYear)}${me.county ? `；仅限${me.county.name}的数据` : ""}`}
      />
      <Card style={{ marginBottom: 16 }}>
        <Flex gap={16} align="center" wrap>
          <Typography.Text strong>导入内容</Typography.Text>
          <Segmented<ImportKind>
            aria-label="导入内容"
            value={kind}
            onChange={(k) => {
              setKind(k);
              reset();
            }}
            options={kinds.map((k) => ({ value: k, label: IMPORT_KIND_LABEL[k] }))}
          />
          <Button
            icon={<DownloadOutlined />}
            loading={downloading}
            onClick={async () => {
              setDownloading(true);
              try {
                await downloadImportTemplate(kind, fundYear.id);
              } catch (e) {
                message.error(errorMessage(e));
              } finally {
                setDownloading(false);
              }
            }}
          >
            下载{label}模板
          </Button>
        </Flex>
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          showIcon
          title="整批导入：文件中任何一行有问题，整个文件都不会写入；同一文件重复导入不会重复记账，已存在的行保持不变。"
        />
      </Card>

      {committed ? (
        <Card>
          <Result
            status="success"
            title="导入成功"
            subTitle={
              committed.newCount > 0
                ? `已写入 ${committed.newCount} 行${label}数据，合计 ${wanText(committed.newAmountFen)} 万元${committed.batchId ? `（导入批次 ${committed.batchId}）` : ""}；${committed.unchangedCount} 行已存在，未重复写入。`
                : "文件中的数据均已存在，未写入新数据。"
            }
            extra={[
              <LinkButton key="list" type="primary" to={linkTo(listPath)}>
                查看{kind === "payments" ? "支付明细" : "下达明细"}
              </LinkButton>,
              <Button key="again" onClick={reset}>
                继续导入
              </Button>,
            ]}
          />
        </Card>
      ) : (
        <>
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
              <p className="ant-upload-hint">
                请使用上方模板填写。上传后系统立即预检，预检不会写入任何数据。单个文件不超过 {MAX_MB} MB。
              </p>
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
                    description={`将写入 ${result.newCount} 行${label}数据，合计 ${wanText(result.newAmountFen)} 万元。`}
                    okText="确认导入"
                    cancelText="取消"
                    disabled={!canCommit}
                    onConfirm={() => file && commit.mutate({ kind, fundYearId: fundYear.id, file, dryRun: false })}
                  >
                    <Button type="primary" icon={<CloudUploadOutlined />} disabled={!canCommit} loading={commit.isPending}>
                      确认导入
                    </Button>
                  </Popconfirm>
                </Flex>
              }
            >
              <CheckSummary result={result} />
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
                <Alert
                  style={{ marginTop: 16 }}
                  type="success"
                  showIcon
                  title={result.rowCount ? "文件中的数据均已导入过，无需再次导入。" : "文件中没有数据行。"}
                />
              ) : (
                <Alert style={{ marginTop: 16 }} type="success" showIcon title={`预检通过：可写入 ${result.newCount} 行新数据，请核对下方预览后点击“确认导入”。`} />
              )}
              {result.problems.length === 0 && result.preview.length > 0 && (
                <div style={{ marginTop: 16 }}>
                  <Typography.Title level={5}>将写入的数据</Typography.Title>
                  <PreviewTable rows={result.preview} total={result.newCount} />
                </div>
              )}
            </Card>
          )}
        </>
      )}
    </>
  );
}
