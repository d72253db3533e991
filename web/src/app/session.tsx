/**
 * Who is signed in. The gate shows the login form (at the address the user asked for, so a shared
 * link opens after signing in) or the forced password change, and otherwise the app.
 */
import { createContext, lazy, Suspense, useContext, useMemo, type ReactNode } from "react";
import { Button, Flex, Spin } from "antd";
import { LazyResult } from "../components/LazyResult";
import type { Me } from "../../../contracts/auth";
import type { Permission } from "../../../core/access";
import { useMe } from "../api";
import { errorMessage } from "../components/states";
import { LoginPage } from "../features/auth/LoginPage";

// Only an account that must change its password sees it: it loads then, not with the sign-in screen.
const ChangePasswordPage = lazy(() => import("../features/auth/ChangePasswordPage").then((m) => ({ default: m.ChangePasswordPage })));

const Feedback = lazy(() => import("./Feedback"));

/** antd's App (App.useApp()'s message, notification, modal) around `children`, loaded with them. */
export function WithFeedback({ children, fallback = <FullPageSpin /> }: { children: ReactNode; fallback?: ReactNode }) {
  return (
    <Suspense fallback={fallback}>
      <Feedback>{children}</Feedback>
    </Suspense>
  );
}

/** The whole window waiting for the session or for the app's code. */
export function FullPageSpin() {
  return (
    <Flex justify="center" align="center" style={{ minHeight: "100vh" }}>
      <Spin size="large" description="正在加载…" />
    </Flex>
  );
}

export interface SessionValue {
  me: Me;
  /** Whether the server would allow this; the web only hides what it would refuse. */
  can: (permission: Permission) => boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionGate");
  return value;
}

export function SessionGate({ children }: { children: ReactNode }) {
  const me = useMe();
  const value = useMemo<SessionValue | null>(
    () => (me.data ? { me: me.data, can: (p) => me.data!.permissions.includes(p) } : null),
    [me.data],
  );

  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    return (
      <LazyResult
        status="error"
        title="无法连接服务器"
        subTitle={errorMessage(me.error)}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  if (!value) return <LoginPage />;
  if (value.me.mustChangePassword) {
    return (
      <SessionContext.Provider value={value}>
        <WithFeedback>
          <ChangePasswordPage forced />
        </WithFeedback>
      </SessionContext.Provider>
    );
  }
  return (
    <SessionContext.Provider value={value}>
      <WithFeedback>{children}</WithFeedback>
    </SessionContext.Provider>
  );
}
