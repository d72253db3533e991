/** 账户管理: create accounts (one by one or from .xlsx), assign role and region, disable, unlock, reset passwords. */
import { useState } from "react";
import { App, Button, Card, Drawer, Form, Input, Modal, Select, Space, Switch, Table, Tag, Tooltip, Typography } from "antd";
import { PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { ROLE_LABEL, ROLES, PASSWORD_MIN_LENGTH, passwordProblems, type Role } from "../../../../core/access";
import type { User } from "../../../../contracts/users";
import type { Region } from "../../../../contracts/regions";
import { ApiError } from "../../api";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { ImportPanel } from "../../components/ImportPanel";
import { InlineError, notifySaveError, PageError, PageSkeleton } from "../../components/states";
import { pickable, useRegions } from "../regions/api";
import { adminKeys, useCreateUser, useUpdateUser, useUsers } from "./api";
import { beijingTime } from "../../components/figures";

const ROLE_COLOR: Record<Role, string> = {
  admin: "purple",
  finance: "blue",
  housing: "cyan",
  county: "green",
  evaluator: "gold",
  utility: "orange",
  auditor: "magenta",
};


interface UserForm {
  username: string;
  displayName: string;
  role: Role;
  regionId?: number | null;
  organisation?: string;
  phone?: string;
  password?: string;
}

/** The levels a role's region may have (as the server's checkAccountRegion requires). */
const levelsFor = (role: Role | undefined): Region["level"][] => (role === "county" ? ["county"] : ["province", "city"]);

/** 临沂市 · 兰山区: a county with its city, so two counties of one name stay apart. */
function regionLabel(r: Region, byId: Map<number, Region>): string {
  const parent = r.parentId ? byId.get(r.parentId) : undefined;
  return r.level === "county" && parent ? `${parent.name} · ${r.name}` : `${r.name}（${r.levelLabel}）`;
}

function passwordRule(username: () => string) {
  return {
    validator: (_: unknown, value?: string) => {
      if (!value) return Promise.resolve();
      const problems = passwordProblems(value, username());
      return problems.length ? Promise.reject(new Error(problems.join("；"))) : Promise.resolve();
    },
  };
}

export default function UsersPage() {
  const app = App.useApp();
  const { message } = app;
  const { me } = useSession();
  const users = useUsers();
  const regions = useRegions();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [editing, setEditing] = useState<User | "new" | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [form] = Form.useForm<UserForm>();
  const [resetForm] = Form.useForm<{ password: string }>();
  const [query, setQuery] = useState("");
  const [importing, setImporting] = useState(false);
  const role = Form.useWatch("role", form);

  if (users.isPending) return <PageSkeleton rows={1} />;
  if (users.isError) return <PageError error={users.error} onRetry={() => void users.refetch()} />;

  const open = (u: User | "new") => {
    setEditing(u);
    form.resetFields();
    if (u !== "new") form.setFieldsValue({ ...u, regionId: u.region?.id ?? null, organisation: u.organisation ?? undefined, phone: u.phone ?? undefined });
  };

  const save = async () => {
    // Invalid fields show their messages in the form; nothing to send.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      if (editing === "new") {
        await create.mutateAsync({ ...v, regionId: v.regionId ?? null, password: v.password! });
        message.success(`已创建账户 ${v.username}，首次登录须修改初始密码`);
      } else if (editing) {
        await update.mutateAsync({ id: editing.id, version: editing.version, displayName: v.displayName, role: v.role, regionId: v.regionId ?? null, organisation: v.organisation ?? null, phone: v.phone ?? null });
        message.success(`已保存账户 ${editing.username}`);
      }
      setEditing(null);
    } catch (e) {
      if (e instanceof ApiError && e.code === "VERSION_CONFLICT") {
        // Another administrator saved first: say who, show the account as it is now.
        notifySaveError(app, e);
        setEditing(null);
        void users.refetch();
        return;
      }
      if (e instanceof ApiError && e.problems.length) {
        form.setFields(e.problems.filter((p) => p.column).map((p) => ({ name: p.column as keyof UserForm, errors: [p.message] })));
      }
      message.error(e instanceof Error ? e.message : "保存失败");
    }
  };

  const filtered = users.data.filter((u) => !query || [u.username, u.displayName, u.organisation ?? "", u.region?.name ?? ""].some((t) => t.includes(query)));
  const regionById = new Map((regions.data ?? []).map((r) => [r.id, r]));
  const regionOptions = pickable(regions.data, levelsFor(role)).map((r) => ({ value: r.id, label: regionLabel(r, regionById) }));
  // An account's own region stays readable in the form even when it is no longer offered (retired).
  const current = editing !== "new" ? editing?.region : null;
  if (current && !regionOptions.some((o) => o.value === current.id)) regionOptions.push({ value: current.id, label: current.name });
  // Only an installation-wide account may give an account the whole installation.
  const wholeAllowed = me.region === null && role !== "county";

  return (
    <>
      <PageHeader
        title="账户管理"
        subtitle="创建账户并分配角色与所属区划；账户只能看到和修改所属区划及其下级的数据，县区账户只看本县区。初始密码须在首次登录时修改。"
        extra={
          <Space>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              批量导入
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open("new")}>
              新建账户
            </Button>
          </Space>
        }
      />
      <Card>
        <Input.Search allowClear placeholder="搜索用户名、姓名、单位或区划" style={{ width: 320, marginBottom: 12 }} onSearch={setQuery} onChange={(e) => !e.target.value && setQuery("")} />
        <Table<User>
          rowKey="id"
          size="middle"
          dataSource={filtered}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: "用户名", dataIndex: "username", width: 110 },
            { title: "姓名 / 单位", dataIndex: "displayName", width: 150 },
            { title: "角色", dataIndex: "role", width: 110, render: (r: Role) => <Tag color={ROLE_COLOR[r]}>{ROLE_LABEL[r]}</Tag>, filters: ROLES.map((r) => ({ text: ROLE_LABEL[r], value: r })), onFilter: (v, u) => u.role === v },
            { title: "所属区划", width: 120, render: (_, u) => u.region?.name ?? "全部区划" },
            { title: "所属机构", dataIndex: "organisation", width: 250, render: (o: string | null) => o ?? "—" },
            {
              title: "状态",
              width: 160,
              render: (_, u) => (
                <Space size={4} wrap>
                  {u.disabled ? <Tag>已停用</Tag> : <Tag color="success">正常</Tag>}
                  {u.locked && <Tag color="error">已锁定</Tag>}
                  {u.mustChangePassword && <Tag color="warning">未改初始密码</Tag>}
                </Space>
              ),
            },
            { title: "最近登录（北京时间）", dataIndex: "lastLoginAt", width: 160, render: (v: string | null) => beijingTime(v) },
            {
              title: "操作",
              width: 210,
              render: (_, u) => (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => open(u)}>
                    编辑
                  </Button>
                  <Button type="link" size="small" onClick={() => (resetForm.resetFields(), setResetting(u))}>
                    重置密码
                  </Button>
                  {u.locked && (
                    <Button type="link" size="small" onClick={() => update.mutateAsync({ id: u.id, unlock: true }).then(() => message.success(`已解除 ${u.username} 的锁定`), (e) => message.error(e.message))}>
                      解锁
                    </Button>
                  )}
                  <Tooltip title={u.id === me.id ? "不能停用自己的账户" : undefined}>
                    <Switch
                      size="small"
                      checkedChildren="启用"
                      unCheckedChildren="停用"
                      checked={!u.disabled}
                      disabled={u.id === me.id}
                      onChange={(on) => update.mutateAsync({ id: u.id, disabled: !on }).then(() => message.success(`${u.username} 已${on ? "启用" : "停用"}`), (e) => message.error(e.message))}
                    />
                  </Tooltip>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Modal
        title={editing === "new" ? "新建账户" : `编辑账户 ${editing?.username ?? ""}`}
        open={editing !== null}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
        okText="保存"
        confirmLoading={create.isPending || update.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          requiredMark="optional"
          initialValues={{ role: "county" }}
          onValuesChange={(changed: Partial<UserForm>, all: UserForm) => {
            // A region of the wrong level for the new role is cleared rather than sent.
            if ("role" in changed && all.regionId && !levelsFor(changed.role).includes(regionById.get(all.regionId)?.level ?? "street")) form.setFieldValue("regionId", null);
          }}
        >
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: "请填写用户名" }, { pattern: /^[a-zA-Z0-9_.-]{2,64}$/, message: "2–64 位字母、数字、下划线、点或连字符" }]}>
            <Input disabled={editing !== "new"} autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label="姓名或单位" rules={[{ required: true, message: "请填写姓名或单位" }]}>
            <Input />
          </Form.Item>
          <Form.Item name="role" label="角色" rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} />
          </Form.Item>
          <Form.Item
            name="regionId"
            label="所属区划"
            extra={role === "county" ? "县区账户只能看到和修改本县区的数据" : wholeAllowed ? "留空表示全部区划（整个系统）" : "省级或市级区划：账户可看到该区划及其下级的数据"}
            rules={[{ required: !wholeAllowed, message: role === "county" ? "县区账户必须选择所属县区" : "请选择所属区划" }]}
          >
            <Select
              showSearch={{ optionFilterProp: "label" }}
              allowClear={wholeAllowed}
              loading={regions.isPending}
              placeholder={role === "county" ? "选择县区" : wholeAllowed ? "全部区划" : "选择省级或市级区划"}
              options={regionOptions}
              notFoundContent={regions.isError ? "区划加载失败" : "没有可选的区划，请先在「行政区划」中添加"}
            />
          </Form.Item>
          <Form.Item name="organisation" label="所属机构" extra={role === "evaluator" ? "评价机构账户只能看到指派给本机构的评价任务" : undefined}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label="联系电话">
            <Input />
          </Form.Item>
          {editing === "new" && (
            <Form.Item
              name="password"
              label="初始密码"
              extra={`至少 ${PASSWORD_MIN_LENGTH} 位，含大写字母、小写字母、数字、符号中的至少三类，不含用户名`}
              rules={[{ required: true, message: "请设置初始密码" }, passwordRule(() => form.getFieldValue("username") ?? "")]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
          {update.error && <InlineError title="未能保存" error={update.error} />}
        </Form>
      </Modal>

      <Drawer title="批量导入账户" open={importing} onClose={() => setImporting(false)} size={880} destroyOnHidden>
        <ImportPanel
          label="账户"
          endpoint="/users/import"
          template={{ path: "/users/import/template.xlsx", fileName: "账户导入模板.xlsx" }}
          hint="列：用户名、姓名、角色、所属区划、单位、手机；模板的「填写说明」列出可填的角色和区划。初始密码由系统随机生成，导入后只显示一次。"
          invalidates={[adminKeys.users]}
        />
      </Drawer>

      <Modal
        title={`重置 ${resetting?.username ?? ""} 的密码`}
        open={resetting !== null}
        onCancel={() => setResetting(null)}
        okText="重置"
        confirmLoading={update.isPending}
        onOk={async () => {
          const values = await resetForm.validateFields().catch(() => null);
          if (!values) return;
          const { password } = values;
          try {
            await update.mutateAsync({ id: resetting!.id, resetPassword: password });
            message.success(`已重置 ${resetting!.username} 的密码，其现有登录已失效，首次登录须修改密码`);
            setResetting(null);
          } catch (e) {
            message.error(e instanceof Error ? e.message : "重置失败");
          }
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">重置后该账户的所有登录立即失效，须用新的初始密码登录并修改。</Typography.Paragraph>
        <Form form={resetForm} layout="vertical">
          <Form.Item name="password" label="新的初始密码" rules={[{ required: true, message: "请填写新的初始密码" }, passwordRule(() => resetting?.username ?? "")]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
