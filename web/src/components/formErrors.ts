/** A refused save of a modal form: the server's problems on their fields, the message, and a stale record closes the form. */
import type { FormInstance } from "antd";
import { ApiError } from "../api";
import { notifySaveError } from "./states";

type AppApi = Parameters<typeof notifySaveError>[0];

/** `fieldOf` maps the server's column names (接收单位, 年度 …) to the form's field names. */
export function showSaveError<T>(app: AppApi, form: FormInstance<T>, e: unknown, fieldOf: Record<string, string>, close: () => void): void {
  if (e instanceof ApiError && e.problems.length) {
    form.setFields(e.problems.filter((p) => p.column && fieldOf[p.column]).map((p) => ({ name: fieldOf[p.column!] as never, errors: [p.message] })));
  }
  notifySaveError(app, e);
  if (e instanceof ApiError && e.code === "VERSION_CONFLICT") close();
}
