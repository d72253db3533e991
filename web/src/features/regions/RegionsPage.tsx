/**
 * 区划管理: the tree of the account's regions; add from the national list (GB/T 2260) or by hand,
 * rename (with its history), retire / restore, delete what nothing uses, and 从 Excel 导入.
 */
import { useMemo, useState, type Key } from "react";
import { Alert, App, Button, Card, Checkbox, Descriptions, Drawer, Empty, Flex, Form, Input, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from "antd";
import { GlobalOutlined, PlusOutlined } from "@ant-design/icons";
import { CHILD_LEVEL, PARENT_LEVEL, REGION_LEVEL_LABEL, REGION_LEVELS, type RegionLevel } from "../../../../core/regions";
import { addRegionSchema, type NationalEntry, type Region } from "../../../../contracts/regions";
import { ApiError } from "../../api";
import { useSession } from "../../app/session";
import { ImportPanel } from "../../components/ImportPanel";
import { beijingTime } from "../../components/figures";
import { PageHeader } from "../../components/PageHeader";
import { InlineError, PageError, PageSkeleton } from "../../components/states";
import {
  pickable,
  regionKeys,
  useAddNational,
  useAddRegion,
  useDeleteRegion,
  useNational,
  useRegionDetail,
  useRegions,
  useRestoreRegion,
  useRetireRegion,
  useUpdateRegion,
} from "./api";

type Node = Region & { children?: Node[] };

/** The list as a tree; a region whose parent is not listed is a root. */
function toTree(list: Region[]): Node[] {
  const byId = new Map<number, Node>(list.map((r) => [r.id, { ...r }]));
  const roots: Node[] = [];
  for (const n of byId.values()) {
    const parent = n.parentId === null ? undefined : byId.get(n.parentId);
    if (parent) (parent.children ??= []).push(n);
    else roots.push(n);
  }
  return roots;
}

const LEVEL_COLOR: Record<RegionLevel, string> = { province: "purple", city: "blue", county: "green", street: "default" };

export default function RegionsPage() {
  const regions = useRegions();
  const { me } = useSession();
  const [tab, setTab] = useState("tree");
  const [adding, setAdding] = useState<"national" | "hand" | null>(null);
  const [opened, setOpened] = useState<number | null>(null);
  const tree = useMemo(() => toTree(regions.data ?? []), [regions.data]);
  // Provinces and cities open; counties show their streets on demand.
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  const defaultExpanded = useMemo(() => (regions.data ?? []).filter((r) => r.level === "province" || r.level === "city").map((r) => r.id), [regions.data]);

  if (regions.isPending) return <PageSkeleton rows={2} />;
  if (regions.isError) return <PageError error={regions.error} onRetry={() => void regions.refetch()} />;
  const wholeInstallation = me.region === null;

  return (
    <>
      <PageHeader
        title="区划管理"
        subtitle={`省、市、县区、街道（乡镇）及其行政区划代码（GB/T 2260）。${wholeInstallation ? "" : `本账户可管理「${me.region!.name}」及其下级。`}有数据的区划不能删除，只能撤销。`}
        extra={
          <>
            <Button type="primary" icon={<GlobalOutlined />} onClick={() => setAdding("national")}>
              从全国区划添加
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => setAdding("hand")}>
              手工添加
            </Button>
          </>
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: "tree",
              label: "区划",
              children: tree.length ? (
                <Table<Node>
                  rowKey="id"
                  size="middle"
                  dataSource={tree}
                  pagination={false}
                  expandable={{ expandedRowKeys: expanded ?? defaultExpanded, onExpandedRowsChange: setExpanded }}
                  columns={[
                    { title: "名称", dataIndex: "name", render: (name: string, r) => (r.retired ? <Typography.Text delete type="secondary">{name}</Typography.Text> : name) },
                    { title: "编码", dataIndex: "code", width: 130, render: (c: string) => <span className="num">{c}</span> },
                    { title: "级别", dataIndex: "level", width: 120, render: (l: RegionLevel) => <Tag color={LEVEL_COLOR[l]}>{REGION_LEVEL_LABEL[l]}</Tag> },
                    { title: "状态", width: 90, render: (_, r) => (r.retired ? <Tag>已撤销</Tag> : <Tag color="success">在用</Tag>) },
                    {
                      title: "操作",
                      width: 120,
                      render: (_, r) =>
                        r.inScope ? (
                          <Button type="link" size="small" onClick={() => setOpened(r.id)}>
                            管理
                          </Button>
                        ) : (
                          <Tooltip title="上级区划，仅作显示">
                            <Typography.Text type="secondary">—</Typography.Text>
                          </Tooltip>
                        ),
                    },
                  ]}
                />
              ) : (
                <Empty description="还没有区划：请从全国区划添加本市（如 临沂市 371300），或手工添加。" />
              ),
            },
            {
              key: "import",
              label: "从 Excel 导入",
              children: (
                <ImportPanel
                  label="行政区划"
                  endpoint="/regions/import"
                  template={{ path: "/regions/import/template.xlsx", fileName: "行政区划导入模板.xlsx" }}
                  hint="四列：编码、名称、级别（省、市、县区 或 街道（乡镇））、上级编码（可以是文件中的行或已有区划）。模板中已列出现有区划，保留不会重复添加。"
                  invalidates={[regionKeys.all]}
                  doneExtra={<Button onClick={() => setTab("tree")}>查看区划</Button>}
                />
              ),
            },
          ]}
        />
      </Card>
      {adding === "national" && <NationalModal onClose={() => setAdding(null)} />}
      {adding === "hand" && <HandModal regions={regions.data} wholeInstallation={wholeInstallation} onClose={() => setAdding(null)} />}
      {opened !== null && <RegionDrawer id={opened} ownRegionId={me.region?.id ?? null} onClose={() => setOpened(null)} />}
    </>
  );
}

/** 从全国区划添加: search a province, city or county by name or code; optionally with its streets. */
function NationalModal({ onClose }: { onClose: () => void }) {
  const { message, modal } = App.useApp();
  const [q, setQ] = useState("");
  const [picked, setPicked] = useState<NationalEntry | null>(null);
  const [withStreets, setWithStreets] = useState(false);
  const found = useNational({ q: q.trim() }, q.trim().length > 0);
  const roots = useNational({}, q.trim().length === 0);
  const add = useAddNational();
  const options = (q.trim() ? found.data : roots.data) ?? [];

  const submit = async () => {
    if (!picked) return void message.warning("请先选择要添加的省、市或县区");
    try {
      const r = await add.mutateAsync({ code: picked.code, withStreets });
      const renamed = r.kept.filter((k) => k.name !== k.nationalName);
      if (renamed.length) {
        modal.info({
          title: r.summary,
          content: (
            <>
              以下区划已存在，保留现有名称：
              <ul>{renamed.map((k) => <li key={k.code}>{`${k.name}（${k.code}，全国区划为「${k.nationalName}」）`}</li>)}</ul>
            </>
          ),
        });
      } else message.success(r.summary);
      onClose();
    } catch (e) {
      message.error(e instanceof Error ? e.message : "添加失败");
    }
  };

  const what = picked && (picked.level === "province" ? "及其市、县区" : picked.level === "city" ? "及其县区" : "");
  return (
    <Modal title="从全国区划添加" open onCancel={onClose} onOk={() => void submit()} okText="添加" okButtonProps={{ disabled: !picked }} confirmLoading={add.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        按名称或编码查找（数据来自 GB/T 2260 全国行政区划）。添加市时一并添加其县区，缺少的上级（省）自动补上；已存在的区划保持不变。
      </Typography.Paragraph>
      <Select<string>
        showSearch={{ filterOption: false, onSearch: setQ }}
        style={{ width: "100%" }}
        placeholder="输入名称或编码，如 临沂 或 371300"
        loading={found.isFetching || roots.isFetching}
        value={picked?.code}
        onChange={(code) => setPicked(options.find((o) => o.code === code) ?? null)}
        notFoundContent={q ? "全国区划中没有找到" : null}
        options={options.map((o) => ({
          value: o.code,
          label: (
            <Flex justify="space-between" gap={8}>
              <span>
                {[...o.pathNames, o.name].join(" / ")}
                <Typography.Text type="secondary">{`（${o.code}，${o.levelLabel}）`}</Typography.Text>
              </span>
              <span>
                {o.zone && <Tag>功能区</Tag>}
                {o.addedId !== null && <Tag color="success">已添加</Tag>}
              </span>
            </Flex>
          ),
        }))}
      />
      {(found.isError || roots.isError) && <InlineError error={found.error ?? roots.error} />}
      {picked && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          title={`将添加${picked.levelLabel}「${picked.name}」${what}${withStreets ? "，以及各县区的街道（乡镇）" : ""}${picked.addedId !== null ? "（已添加的部分保持不变）" : ""}`}
        />
      )}
      <Checkbox style={{ marginTop: 12 }} checked={withStreets} onChange={(e) => setWithStreets(e.target.checked)}>
        同时添加街道（乡镇）
      </Checkbox>
    </Modal>
  );
}

interface HandForm {
  name: string;
  level: RegionLevel;
  parentId?: number | null;
  code?: string;
}

/** 手工添加: name, level, parent (the level above), optional code (generated when left empty). */
function HandModal({ regions, wholeInstallation, onClose }: { regions: Region[]; wholeInstallation: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<HandForm>();
  const add = useAddRegion();
  const level = Form.useWatch("level", form);
  const parentLevel = level ? PARENT_LEVEL[level] : null;
  const parents = parentLevel ? pickable(regions, [parentLevel]) : [];
  // A province, or a city without its province, is a root: only an installation-wide account adds one.
  const mayBeRoot = wholeInstallation && (level === "province" || level === "city");
  const levels = REGION_LEVELS.filter((l) => (wholeInstallation && (l === "province" || l === "city")) || pickable(regions, [PARENT_LEVEL[l]!].filter(Boolean)).length > 0);
  const fields = addRegionSchema.shape;

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      const r = await add.mutateAsync({ name: v.name, level: v.level, parentId: v.parentId ?? null, code: v.code?.trim() || null });
      message.success(`已添加${r.levelLabel}「${r.name}」，编码 ${r.code}`);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.problems.length) {
        const field = (c: string | null) => (c === "编码" ? "code" : c === "上级" ? "parentId" : c === "名称" ? "name" : null);
        form.setFields(e.problems.filter((p) => field(p.column)).map((p) => ({ name: field(p.column)!, errors: [p.message] })));
      }
      message.error(e instanceof Error ? e.message : "添加失败");
    }
  };

  return (
    <Modal title="手工添加区划" open onCancel={onClose} onOk={() => void save()} okText="添加" confirmLoading={add.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" requiredMark="optional" initialValues={{ level: levels.includes("street") ? "street" : levels.at(-1) }}>
        <Form.Item
          name="name"
          label="名称"
          rules={[{ required: true, message: "请填写名称" }, { validator: (_, v?: string) => (!v || fields.name.safeParse(v).success ? Promise.resolve() : Promise.reject(new Error(fields.name.safeParse(v).error?.issues[0]?.message))) }]}
        >
          <Input placeholder="如 兰山街道" />
        </Form.Item>
        <Form.Item name="level" label="级别" rules={[{ required: true, message: "请选择级别" }]}>
          <Select options={levels.map((l) => ({ value: l, label: REGION_LEVEL_LABEL[l] }))} onChange={() => form.setFieldValue("parentId", null)} />
        </Form.Item>
        {parentLevel && (
          <Form.Item
            name="parentId"
            label={`上级（${REGION_LEVEL_LABEL[parentLevel]}）`}
            rules={[{ required: !mayBeRoot, message: `请选择上级${REGION_LEVEL_LABEL[parentLevel]}区划` }]}
            extra={mayBeRoot ? "不选上级：作为顶层的市（如只管理一个市时）" : undefined}
          >
            <Select
              allowClear
              showSearch={{ optionFilterProp: "label" }}
              placeholder={`选择${REGION_LEVEL_LABEL[parentLevel]}区划`}
              options={parents.map((p) => ({ value: p.id, label: `${p.name}（${p.code}）` }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="code"
          label="编码"
          extra={`可不填：系统按上级编码自动生成下一个可用编码。${level ? `${REGION_LEVEL_LABEL[level]}编码如 ${{ province: "370000", city: "371300", county: "371302", street: "371302001" }[level]}` : ""}`}
          rules={[{ pattern: /^\d{6}(\d{3})?$/, message: "编码应为6位（省、市、县区）或9位（街道、乡镇）数字" }]}
        >
          <Input className="num" maxLength={9} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One region: rename (with the history), retire / restore, delete when nothing uses it. */
function RegionDrawer({ id, ownRegionId, onClose }: { id: number; ownRegionId: number | null; onClose: () => void }) {
  const { message } = App.useApp();
  const detail = useRegionDetail(id);
  const update = useUpdateRegion();
  const retire = useRetireRegion();
  const restore = useRestoreRegion();
  const remove = useDeleteRegion();
  const [name, setName] = useState<string | null>(null);
  const r = detail.data;
  const own = r?.id === ownRegionId;

  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      message.success(done);
    } catch (e) {
      message.error(e instanceof Error ? e.message : "操作失败");
    }
  };

  return (
    <Drawer open size={520} title={r ? `${r.name}（${r.code}）` : "区划"} onClose={onClose} destroyOnHidden>
      {detail.isPending && <PageSkeleton rows={1} />}
      {detail.isError && <InlineError error={detail.error} onRetry={() => void detail.refetch()} />}
      {r && (
        <Flex vertical gap={24}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="级别">{r.levelLabel}</Descriptions.Item>
            <Descriptions.Item label="编码">{r.code}</Descriptions.Item>
            <Descriptions.Item label="状态">{r.retired ? <Tag>已撤销</Tag> : <Tag color="success">在用</Tag>}</Descriptions.Item>
            <Descriptions.Item label="引用">{r.usedBy.length ? r.usedBy.join("、") : "没有数据引用它"}</Descriptions.Item>
          </Descriptions>

          <div>
            <Typography.Title level={5}>重命名</Typography.Title>
            <Space.Compact style={{ width: "100%" }}>
              <Input value={name ?? r.name} onChange={(e) => setName(e.target.value)} aria-label="新名称" />
              <Button
                type="primary"
                disabled={!name || name.trim() === r.name}
                loading={update.isPending}
                onClick={() => void act(() => update.mutateAsync({ id: r.id, name: name!.trim() }).then(() => setName(null)), `已改名为「${name!.trim()}」，原名已记入改名记录`)}
              >
                保存
              </Button>
            </Space.Compact>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 4 }}>
              改名记录（旧文件中的原名仍可对应到本区划）
            </Typography.Paragraph>
            {r.renames.length ? (
              <Table
                size="small"
                rowKey={(x) => x.changedAt + x.newName}
                pagination={false}
                dataSource={r.renames}
                columns={[
                  { title: "原名", dataIndex: "oldName" },
                  { title: "新名", dataIndex: "newName" },
                  { title: "修改人", dataIndex: "changedBy" },
                  { title: "时间（北京时间）", dataIndex: "changedAt", render: (v: string) => beijingTime(v) },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">没有改过名</Typography.Text>
            )}
          </div>

          <Flex gap={8} wrap>
            {r.retired ? (
              <Button loading={restore.isPending} onClick={() => void act(() => restore.mutateAsync(r.id), `已恢复「${r.name}」`)}>
                恢复
              </Button>
            ) : (
              <Tooltip title={own ? "本账户所属的区划不能撤销" : undefined}>
                <Popconfirm
                  title={`撤销「${r.name}」？`}
                  description={CHILD_LEVEL[r.level] ? "其下级区划一并撤销；已有数据保留，不能再用于新的数据。" : "已有数据保留，不能再用于新的数据。"}
                  okText="撤销"
                  cancelText="取消"
                  disabled={own}
                  onConfirm={() => act(() => retire.mutateAsync(r.id), `已撤销「${r.name}」`)}
                >
                  <Button disabled={own} loading={retire.isPending}>
                    撤销
                  </Button>
                </Popconfirm>
              </Tooltip>
            )}
            <Tooltip title={r.usedBy.length ? `「${r.name}」已有数据（${r.usedBy.join("、")}），不能删除，只能撤销` : own ? "本账户所属的区划不能删除" : undefined}>
              <Popconfirm
                title={`删除「${r.name}」？`}
                description="删除后不可恢复。"
                okText="删除"
                okButtonProps={{ danger: true }}
                cancelText="取消"
                disabled={r.usedBy.length > 0 || own}
                onConfirm={() => act(() => remove.mutateAsync(r.id).then(onClose), `已删除「${r.name}」`)}
              >
                <Button danger disabled={r.usedBy.length > 0 || own} loading={remove.isPending}>
                  删除
                </Button>
              </Popconfirm>
            </Tooltip>
          </Flex>
        </Flex>
      )}
    </Drawer>
  );
}
