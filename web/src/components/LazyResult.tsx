/**
 * antd's Result, fetched when first shown. Its 403/404/500 illustrations are about a tenth of the
 * sign-in screen's download, and the screens that load before signing in (the session gate, the routes,
 * the shared error states) show a Result only when something went wrong.
 */
import { lazy, Suspense } from "react";
import type { ResultProps } from "antd";

const AntResult = lazy(() => import("antd/es/result"));

export function LazyResult(props: ResultProps) {
  return (
    <Suspense fallback={null}>
      <AntResult {...props} />
    </Suspense>
  );
}
