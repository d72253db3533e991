/**
 * 项目库导入: 小区, 项目, 改造内容 and 绩效目标 from .xlsx. The file is checked at once (a dry run that
 * writes nothing); 确认导入 writes all rows or none. Rows with an existing key update their record.
 */
import { useState } from "react";
import { Alert, Button, Card, Descriptions, Flex, Popconfirm, Result, Segmented, Spin, Typography, Upload } from "antd";
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined } from "@ant-design/icons";
import { IMPORT_MAX_BYTES } from "../../../../contracts/imports";
import { REGISTRY_IMPORT_KINDS, REGISTRY_IMPORT_LABEL, type RegistryImportKind, type RegistryImportResult } from "../../../../contracts/projects";
import type { Permission } from "../../../../core/access";
import { ApiError } from "../../api";
import { fundYearLabel, useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { LinkButton } from "../../components/LinkButton";
import { PageHeader } from "../../components/PageHeader";
import { ProblemsTable } from "../../components/ProblemsTable";
import { errorMessage } from "../../components/states";
import { downloadRegistry, downloadRegistryTemplate, useRegistryImport } from "./api";
import { DownloadButton } from "./shared";
import { ScrollTable } from "../../components/ScrollTable";

const PERMISSION: Record<RegistryImportKind, Permission> = { communities: "communities.write", projects: "projects.write", contents: "projects.write", targets: "targets.write" };
const HINT: Record<RegistryImportKind, string> = {
  communities: "小区编号全市唯一。建成年份、楼栋数、户数填整数；建筑面积只填数字（单位㎡见列名）。",
  projects: "项目编号本年度唯一。小区编号多个用顿号分隔，同一小区一年只能属于一个项目；各资金来源的计划投资按万元填写。项目状态由实际日期确定。",
  contents: "改造内容须为目录中的名称（见模板「参照」工作表）；金额按万元填写，数量只填数字。",
  targets: "范围填“全市”或县区名称；计算口径选填，选了则实际值由系统从小区库和项目库计算。",
};
const LIST_PATH: Record<RegistryImportKind, string> = { communities: "/communities", projects: "/projects", contents: "/projects", targets: "/targets" };

export default function RegistryImportPage() {
  const { fundYear, linkTo } = useLedger();
  const { can } = useSession();
  const kinds = REGISTRY_IMPORT_KINDS.filter((k) => can(PERMISSION[k]));
  const [kind, setKind] = useState<RegistryImportKind>(kinds[0] ?? "communities");
  const [file, setFile] = useState<File | null>(null);
  const check = useRegistryImport();
  const commit = useRegistryImport();
  const label = REGISTRY_IMPORT_LABEL[kind];

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
  const done = commit.data;
  const canCommit = !!result && !!file && result.problems.length === 0 && result.newCount + result.updatedCount > 0 && !commit.isPending;

  return (
    <>
      <PageHeader
        title="项目库导入"
        subtitle={`导入到：${fundYearLabel(fundYear)}`}
        crumbs={[{ title: "项目库", to: linkTo("/projects") }, { title: "导入" }]}
        extra={
          <DownloadButton icon={<DownloadOutlined />} run={() => downloadRegistry(fundYear.id)}>
            导出现有数据
          </DownloadButton>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Flex gap={16} align="center" wrap>
          <Typography.Text strong>导入内容</Typography.Text>
          <Segmented<RegistryImportKind>
            aria-label="导入内容"
            value={kind}
            onChange={(k) => {
              setKind(k);
              reset();
            }}
            options={kinds.map((k) => ({ value: k, label: REGISTRY_IMPORT_LABEL[k] }))}
          />
          <DownloadButton icon={<DownloadOutlined />} run={() => downloadRegistryTemplate(kind, fundYear.id)}>
            下载{label}模板
          </DownloadButton>
        </Flex>
        <Alert style={{ marginTop: 16 }} type="info" showIcon title={HINT[kind]} description="整批导入：任何一行有问题，整个文件都不会写入。编号相同的行更新已有记录，内容相同的行保持不变，同一文件可重复导入。导出的工作簿可直接修改后再导入。" />
      </Card>

      {done ? (
        <Card>
          <Result
            status="success"
            title="导入成功"
            subTitle={
              done.newCount + done.updatedCount > 0
                ? `新增 ${done.newCount} 行、更新 ${done.updatedCount} 行${label}数据；${done.unchangedCount} 行内容相同，未改动。`
                : "文件中的数据均已存在且内容相同，未作改动。"
            }
            extra={[
              <LinkButton key="list" type="primary" to={linkTo(LIST_PATH[kind])}>
                查看{kind === "communities" ? "小区库" : kind === "targets" ? "绩效目标" : "项目库"}
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
                if (f.size > IMPORT_MAX_BYTES) return Upload.LIST_IGNORE;
                runCheck(f);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">点击或将 .xlsx 文件拖到此处</p>
              <p className="ant-upload-hint">上传后立即预检，预检不会写入任何数据。</p>
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
            <CheckCard
              result={result}
              label={label}
              canCommit={canCommit}
              committing={commit.isPending}
              commitError={commit.error}
              onRecheck={() => file && runCheck(file)}
              onCommit={() => file && commit.mutate({ kind, fundYearId: fundYear.id, file, dryRun: false })}
            />
          )}
        </>
      )}
    </>
  );
}

function CheckCard({
  result,
  label,
  canCommit,
  committing,
  commitError,
  onRecheck,
  onCommit,
}: {
  result: RegistryImportResult;
  label: string;
  canCommit: boolean;
  committing: boolean;
  commitError: unknown;
  onRecheck: () => void;
  onCommit: () => void;
}) {
  const keys = result.preview.length ? Object.keys(result.preview[0]) : [];
  const changes = result.newCount + result.updatedCount;
  return (
    <Card
      title={`预检结果：${result.fileName}`}
      extra={
        <Flex gap={8}>
          <Button onClick={onRecheck} disabled={committing}>
            重新预检
          </Button>
          <Popconfirm title="确认导入" description={`将新增 ${result.newCount} 行、更新 ${result.updatedCount} 行${label}数据。`} okText="确认导入" cancelText="取消" disabled={!canCommit} onConfirm={onCommit}>
            <Button type="primary" icon={<CloudUploadOutlined />} disabled={!canCommit} loading={committing}>
              确认导入
            </Button>
          </Popconfirm>
        </Flex>
      }
    >
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2, xl: 4 }}
        items={[
          { key: "rows", label: "读取行数", children: <span className="num">{result.rowCount}</span> },
          { key: "new", label: "新增", children: <span className="num">{result.newCount}</span> },
          { key: "updated", label: "更新", children: <span className="num">{result.updatedCount}</span> },
          { key: "same", label: "内容相同（不变）", children: <span className="num">{result.unchangedCount}</span> },
        ]}
      />
      {commitError != null && (
        <div style={{ marginTop: 16 }}>
          <Alert type="error" showIcon title="导入未完成，未写入任何数据" description={errorMessage(commitError)} style={{ marginBottom: 12 }} />
          {commitError instanceof ApiError && commitError.problems.length > 0 && <ProblemsTable problems={commitError.problems} />}
        </div>
      )}
      {result.problems.length > 0 ? (
        <div style={{ marginTop: 16 }}>
          <Alert type="error" showIcon style={{ marginBottom: 12 }} title={`发现 ${result.problems.length + result.moreProblems} 处问题，整个文件不会导入`} description="请按下表在 Excel 中修改后重新上传。" />
          <ProblemsTable problems={result.problems} more={result.moreProblems} />
        </div>
      ) : changes === 0 ? (
        <Alert style={{ marginTop: 16 }} type="success" showIcon title="文件中的数据均已存在且内容相同，无需再次导入。" />
      ) : (
        <Alert style={{ marginTop: 16 }} type="success" showIcon title={`预检通过：将新增 ${result.newCount} 行、更新 ${result.updatedCount} 行，请核对下方预览后点击“确认导入”。`} />
      )}
      {result.problems.length === 0 && result.preview.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>将写入的数据</Typography.Title>
          <ScrollTable
            aria-label="将写入的数据预览"
            size="small"
            rowKey={(r) => String(r["行号"])}
            pagination={false}
            scroll={{ x: "max-content" }}
            dataSource={result.preview}
            columns={keys.map((k) => ({ key: k, title: k, dataIndex: k, width: k === "行号" ? 64 : undefined, render: (v: string | number | null) => <span className={/行号|金额|面积|户数|年份/.test(k) ? "num" : undefined}>{v ?? ""}</span> }))}
          />
          {changes > result.preview.length && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              仅显示前 {result.preview.length} 行，共 {changes} 行将写入。
            </Typography.Text>
          )}
        </div>
      )}
    </Card>
  );
}
