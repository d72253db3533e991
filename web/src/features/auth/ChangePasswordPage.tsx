/**
 * 修改密码: forced at the first sign-in of a new account (outside demo mode), and at any time from the
 * user menu. The password rule is the server's own (core/access), checked before sending.
 */
import { Alert, App, Button, Card, Flex, Form, Input, Typography } from "antd";
import { PASSWORD_MIN_LENGTH, passwordProblems } from "../../../../core/access";
import { ApiError, useChangePassword, useLogout } from "../../api";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { errorMessage } from "../../components/states";

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const RULE = `至少 ${PASSWORD_MIN_LENGTH} 位，包含大写字母、小写字母、数字、符号中的至少三类，且不含用户名。`;

function PasswordFormCard({ onDone }: { onDone?: () => void }) {
  const { me } = useSession();
  const change = useChangePassword();
  const [form] = Form.useForm<PasswordForm>();
  const { message } = App.useApp();

  const submit = (v: PasswordForm) =>
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          message.success("密码已修改；其他设备上的登录已退出");
          onDone?.();
        },
        onError: (e) => {
          // The server names the field of each problem.
          if (e instanceof ApiError && e.problems.length) {
            form.setFields(
              e.problems
                .filter((p) => p.column === "currentPassword" || p.column === "newPassword")
                .map((p) => ({ name: p.column as keyof PasswordForm, errors: [p.message] })),
            );
          }
        },
      },
    );

  return (
    <Form<PasswordForm> form={form} layout="vertical" onFinish={submit} disabled={change.isPending} style={{ maxWidth: 420 }}>
      {change.isError && !(change.error instanceof ApiError && change.error.problems.length) && (
        <Alert type="error" showIcon title={errorMessage(change.error)} style={{ marginBottom: 16 }} />
      )}
      <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: "请输入当前密码" }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        label="新密码"
        name="newPassword"
        extra={RULE}
        rules={[
          { required: true, message: "请输入新密码" },
          {
            validator: async (_, value: string) => {
              const problems = value ? passwordProblems(value, me.username) : [];
              if (problems.length) throw new Error(`新密码${problems.join("；")}`);
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="确认新密码"
        name="confirm"
        dependencies={["newPassword"]}
        rules={[
          { required: true, message: "请再次输入新密码" },
          ({ getFieldValue }) => ({
            validator: async (_, value: string) => {
              if (value && value !== getFieldValue("newPassword")) throw new Error("两次输入的新密码不一致");
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        修改密码
      </Button>
    </Form>
  );
}

export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { me } = useSession();
  const logout = useLogout();
  if (forced) {
    return (
      <div className="login-screen">
        <Card className="login-card" title={me.passwordChangeReason === "expired" ? "密码已到期，请设置新密码" : "首次登录，请修改初始密码"} style={{ width: 480 }}>
          <Typography.Paragraph type="secondary">
            {me.displayName}（{me.username}），
            {me.passwordChangeReason === "expired"
              ? `您的密码已超过 ${me.passwordMaxAgeDays} 天未修改。按安全要求，请先设置新密码后再使用系统。`
              : "为保障账户安全，请先设置新密码后再使用系统。"}
          </Typography.Paragraph>
          <PasswordFormCard />
          <Flex justify="flex-end">
            <Button type="link" onClick={() => logout.mutate()} loading={logout.isPending}>
              退出登录
            </Button>
          </Flex>
        </Card>
      </div>
    );
  }
  return (
    <>
      <PageHeader title="修改密码" subtitle={`${me.displayName}（${me.username}）`} />
      <Card>
        <PasswordFormCard />
      </Card>
    </>
  );
}
