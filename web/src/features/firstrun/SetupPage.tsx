/**
 * 首次设置 (/setup, outside the session gate): an installation without accounts creates its first
 * 系统管理员 with the one-time setup code the server printed at start, then signs in.
 */
import type { ReactNode } from "react";
import { Alert, Button, Card, Flex, Form, Input, Result, Spin, Typography } from "antd";
import { KeyOutlined, LockOutlined, UserOutlined } from "@ant-design/icons";
import { useNavigate } from "react-router";
import { PASSWORD_MIN_LENGTH, passwordProblems } from "../../../../core/access";
import { USERNAME_MAX } from "../../../../contracts/auth";
import { SETUP_WRONG_CODE, type SetupBody } from "../../../../contracts/firstrun";
import { ApiError } from "../../api";
import { LinkButton } from "../../components/LinkButton";
import { errorMessage } from "../../components/states";
import { useFirstAdmin, useSetupState, type SetupDoneState } from "./api";

interface SetupForm extends SetupBody {
  confirm: string;
}

const FIELDS: (keyof SetupForm)[] = ["code", "username", "displayName", "password"];
const RULE = `至少 ${PASSWORD_MIN_LENGTH} 位，包含大写字母、小写字母、数字、符号中的至少三类，且不含用户名。`;

function Screen({ children }: { children: ReactNode }) {
  return (
    <div className="login-screen">
      <div className="login-brand">
        <div className="brand-name" style={{ fontSize: 36 }}>
          问效
        </div>
        <div style={{ fontSize: 16, opacity: 0.85, marginTop: 4 }}>财政补助资金全周期跟踪问效系统</div>
      </div>
      {children}
    </div>
  );
}

export default function SetupPage() {
  const state = useSetupState();
  const create = useFirstAdmin();
  const navigate = useNavigate();
  const [form] = Form.useForm<SetupForm>();

  if (state.isPending) {
    return (
      <Screen>
        <Spin size="large" description="正在加载…" />
      </Screen>
    );
  }
  if (state.isError) {
    return (
      <Screen>
        <Card className="login-card">
          <Result status="error" title="无法连接服务器" subTitle={errorMessage(state.error)} extra={<Button onClick={() => void state.refetch()}>重试</Button>} />
        </Card>
      </Screen>
    );
  }
  const done = !state.data.needed || (create.error instanceof ApiError && create.error.code === "CONFLICT");
  if (done) {
    return (
      <Screen>
        <Card className="login-card">
          <Result
            status="info"
            title="系统已完成首次设置"
            subTitle="系统管理员账户已创建，请直接登录。如需新账户，请联系系统管理员在「账户管理」中新建。"
            extra={
              <LinkButton type="primary" to="/">
                前往登录
              </LinkButton>
            }
          />
        </Card>
      </Screen>
    );
  }

  const submit = ({ confirm: _, ...body }: SetupForm) =>
    create.mutate(body, {
      onSuccess: (u) => {
        const next: SetupDoneState = { setupDone: { username: u.username } };
        void navigate("/", { replace: true, state: next });
      },
      onError: (e) => {
        if (!(e instanceof ApiError)) return;
        if (e.code === "FORBIDDEN" && e.message === SETUP_WRONG_CODE) form.setFields([{ name: "code", errors: ["设置码不正确，请核对服务器启动时显示的设置码"] }]);
        const fields = e.problems.filter((p) => FIELDS.includes(p.column as keyof SetupForm));
        if (fields.length) form.setFields(fields.map((p) => ({ name: p.column as keyof SetupForm, errors: [p.message] })));
      },
    });
  const fieldError = create.error instanceof ApiError && (create.error.problems.some((p) => FIELDS.includes(p.column as keyof SetupForm)) || create.error.message === SETUP_WRONG_CODE);

  return (
    <Screen>
      <Card className="login-card" title="首次设置：创建系统管理员">
        <Typography.Paragraph type="secondary">
          系统尚无任何账户。请输入服务器启动时显示的设置码（形如 ABCD-1234；也可在服务器上运行 <Typography.Text code>npx wenxiao admin create 用户名</Typography.Text>）。
          该账户可管理全部区划，登录后在「账户管理」中为其他人新建账户。
        </Typography.Paragraph>
        {create.isError && !fieldError && <Alert type="error" showIcon title={errorMessage(create.error)} style={{ marginBottom: 16 }} />}
        <Form<SetupForm> form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={create.isPending}>
          <Form.Item label="设置码" name="code" rules={[{ required: true, whitespace: true, message: "请输入设置码" }]}>
            <Input prefix={<KeyOutlined />} autoComplete="one-time-code" placeholder="XXXX-XXXX" maxLength={32} autoFocus size="large" />
          </Form.Item>
          <Form.Item
            label="用户名"
            name="username"
            rules={[
              { required: true, whitespace: true, message: "请填写用户名" },
              { pattern: /^[a-zA-Z0-9_.-]{2,}$/, message: "至少 2 位，只能包含字母、数字、下划线、点和连字符" },
            ]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" maxLength={USERNAME_MAX} size="large" />
          </Form.Item>
          <Form.Item label="姓名" name="displayName" rules={[{ required: true, whitespace: true, message: "请填写姓名或单位" }]}>
            <Input maxLength={64} size="large" placeholder="如：信息中心 张三" />
          </Form.Item>
          <Form.Item
            label="密码"
            name="password"
            extra={RULE}
            dependencies={["username"]}
            rules={[
              { required: true, message: "请设置密码" },
              ({ getFieldValue }) => ({
                validator: async (_, value: string) => {
                  const problems = value ? passwordProblems(value, getFieldValue("username") ?? "") : [];
                  if (problems.length) throw new Error(`密码${problems.join("；")}`);
                },
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" size="large" />
          </Form.Item>
          <Form.Item
            label="确认密码"
            name="confirm"
            dependencies={["password"]}
            rules={[
              { required: true, message: "请再次输入密码" },
              ({ getFieldValue }) => ({
                validator: async (_, value: string) => {
                  if (value && value !== getFieldValue("password")) throw new Error("两次输入的密码不一致");
                },
              }),
            ]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={create.isPending}>
            创建系统管理员
          </Button>
        </Form>
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            设置码只能使用一次；创建成功后此页面即关闭。
          </Typography.Text>
        </Flex>
      </Card>
    </Screen>
  );
}
