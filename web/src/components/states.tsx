/** Loading, error and empty states shared by every page. */
import type { ReactNode } from "react";
import { Alert, App, Button, Card, Empty, Result, Skeleton, Table } from "antd";
import { ApiError } from "../api";
import type { Problem } from "../../../contracts/errors";

/** The Chinese message of any error, as the server wrote it when it came from the API. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "页面出现意外错误，请刷新后重试";
}

type AppApi = Pick<ReturnType<typeof App.useApp>, "message" | "modal">;

/**
 * Tells the user why a save failed. A stale edit (VERSION_CONFLICT) gets a dialog naming who changed
 * the record; the record is reloaded by the mutation, so the user redoes the edit on what is there now.
 */
export function notifySaveError(app: AppApi, error: unknown): void {
  if (error instanceof ApiError && error.code === "VERSION_CONFLICT") {
    app.modal.warning({ title: "已被他人修改，未保存", content: error.message, okText: "知道了" });
  } else app.message.error(errorMessage(error));
}

/** A whole-page skeleton while the first data of a page loads. */
export function PageSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-label="正在加载">
      <Card style={{ marginBottom: 16 }}>
        <Skeleton active paragraph={{ rows: 1 }} />
      </Card>
      {Array.from({ length: rows }, (_, i) => (
        <Card key={i} style={{ marginBottom: 16 }}>
          <Skeleton active paragraph={{ rows: 4 }} />
        </Card>
      ))}
    </div>
  );
}

/** A page that could not load: the server's message and a way to retry. */
export function PageError({ error, onRetry, extra }: { error: unknown; onRetry?: () => void; extra?: ReactNode }) {
  const notFound = error instanceof ApiError && error.code === "NOT_FOUND";
  const forbidden = error instanceof ApiError && error.code === "FORBIDDEN";
  return (
    <Result
      status={notFound ? "404" : forbidden ? "403" : "error"}
      title={notFound ? "未找到" : forbidden ? "无权访问" : "数据加载失败"}
      subTitle={errorMessage(error)}
      extra={
        <>
          {onRetry && !notFound && !forbidden && (
            <Button type="primary" onClick={onRetry}>
              重新加载
            </Button>
          )}
          {extra}
        </>
      }
    />
  );
}

/** An inline error for one part of a page; `title` says what failed (a load, unless told otherwise). */
export function InlineError({ error, onRetry, title = "数据加载失败" }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <Alert
      type="error"
      showIcon
      title={title}
      description={errorMessage(error)}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        )
      }
    />
  );
}

export function EmptyState({ description }: { description: ReactNode }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} />;
}

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
