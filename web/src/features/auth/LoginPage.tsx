/** 登录: user name and password; the page the user asked for opens after signing in. */
import { lazy, Suspense, useState } from "react";
import { Alert, Button, Form, Input } from "antd";
import { useQuery } from "@tanstack/react-query";
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Link, useLocation } from "react-router";
import { USERNAME_MAX } from "../../../../contracts/auth-names";
import { request, useLogin } from "../../api";
import { takeSignedOutReason } from "../../app/queryClient";
import { errorMessage } from "../../components/states";
import { useSetupState, type SetupDoneState } from "../firstrun/api";
import type { DemoAccount } from "./DemoAccountSelect";

const DemoAccountSelect = lazy(() => import("./DemoAccountSelect"));

interface LoginForm {
  username: string;
  password: string;
}

interface LoginOptions {
  demoMode: boolean;
  demoPassword: string | null;
  demoAccounts: DemoAccount[];
}

export function LoginPage() {
  const login = useLogin();
  const [signedOut] = useState(takeSignedOutReason);
  const [form] = Form.useForm<LoginForm>();
  const options = useQuery({ queryKey: ["auth", "options"], queryFn: () => request<LoginOptions>("/auth/options"), staleTime: Infinity });
  const demo = options.data?.demoMode ? options.data : null;
  const setupNeeded = useSetupState().data?.needed === true;
  const setupDone = (useLocation().state as SetupDoneState | null)?.setupDone;
  const signIn = (v: LoginForm) => {
    // The app's frame is not part of this screen's download: fetch it while the password is checked.
    void import("../../app/Feedback");
    void import("../../app/AppShell");
    login.mutate(v);
  };

  return (
    <div className="login-screen">
      <div className="login-brand">
        <div className="brand-name" style={{ fontSize: 36 }}>
          问效
        </div>
        <div style={{ fontSize: 16, opacity: 0.85, marginTop: 4 }}>财政补助资金全周期跟踪问效系统</div>
      </div>
      {/* A card and a note drawn without antd's Card and Typography, which bring Tabs, Menu and Tooltip into the first download. */}
      <section className="login-card" aria-labelledby="login-title">
        <h2 id="login-title" className="login-card-title">
          用户登录
        </h2>
        <div className="login-card-body">
          {setupNeeded && (
            <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={<Link to="/setup">系统尚无账户：请使用启动时显示的设置码完成首次设置</Link>} />
          )}
          {setupDone && !login.isError && <Alert type="success" showIcon style={{ marginBottom: 16 }} title={`已创建系统管理员账户 ${setupDone.username}，请用刚设置的密码登录`} />}
          {login.isError ? (
            <Alert type="error" showIcon title={errorMessage(login.error)} style={{ marginBottom: 16 }} />
          ) : (
            signedOut && <Alert type="warning" showIcon title={signedOut} style={{ marginBottom: 16 }} />
          )}
          <Form<LoginForm> form={form} layout="vertical" requiredMark={false} initialValues={{ username: setupDone?.username }} onFinish={signIn} disabled={login.isPending}>
            <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: "请输入用户名" }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" maxLength={USERNAME_MAX} autoFocus size="large" />
            </Form.Item>
            <Form.Item label="密码" name="password" rules={[{ required: true, message: "请输入密码" }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
              登录
            </Button>
          </Form>
          {demo && (
            <Alert
              type="info"
              style={{ marginTop: 16 }}
              title="演示模式：示例城市临沂市，各角色均有演示账户"
              description={
                <Suspense fallback={null}>
                  <DemoAccountSelect accounts={demo.demoAccounts} onPick={(username) => form.setFieldsValue({ username, password: demo.demoPassword ?? "" })} />
                </Suspense>
              }
            />
          )}
          <p className="login-note">连续输错密码 5 次，账户将锁定 15 分钟。忘记密码请联系系统管理员重置。</p>
        </div>
      </section>
    </div>
  );
}
