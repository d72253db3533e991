/**
 * Loading, error and empty states shared by every page. The sign-in screen loads this file, so it stays
 * light: tables and the like live in their own files (ProblemsTable).
 */
import type { ReactNode } from "react";
import { Alert, App, Button, Empty, Skeleton } from "antd";
import { LazyResult } from "./LazyResult";
import { ApiError } from "../api";

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

/**
 * A whole-page skeleton while the first data of a page loads. Its boxes are styled like cards
 * (.skeleton-card) rather than antd Cards: the routes show it, so it is part of the first download.
 */
export function PageSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-label="正在加载">
      <div className="skeleton-card">
        <Skeleton active paragraph={{ rows: 1 }} />
      </div>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton-card">
          <Skeleton active paragraph={{ rows: 4 }} />
        </div>
      ))}
    </div>
  );
}

/** A page that could not load: the server's message and a way to retry. */
export function PageError({ error, onRetry, extra }: { error: unknown; onRetry?: () => void; extra?: ReactNode }) {
  const notFound = error instanceof ApiError && error.code === "NOT_FOUND";
  const forbidden = error instanceof ApiError && error.code === "FORBIDDEN";
  return (
    <LazyResult
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
