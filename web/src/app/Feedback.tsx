/**
 * antd's App around what comes after signing in: the message, notification and modal that pages call
 * through App.useApp(). Its own chunk (it brings antd's Modal and notifications), so the sign-in screen
 * loads without it.
 */
import type { ReactNode } from "react";
import { App } from "antd";

export default function Feedback({ children }: { children: ReactNode }) {
  return <App>{children}</App>;
}
