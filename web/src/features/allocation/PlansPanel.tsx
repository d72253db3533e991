/** 已保存方案: the plans of the city (open, delete), and 保存为方案 of a computed preview. */
import { useState } from "react";
import { App, Button, Form, Input, Modal, Popconfirm, Space, Table, Tag } from "antd";
import { DeleteOutlined, FolderOpenOutlined, SaveOutlined } from "@ant-design/icons";
import { FACTOR_BASIS_LABEL, type AllocationRequest, type AllocationSchemeView, type PlanSummary, type PlanView } from "../../../../contracts/allocation";
import { beijingTime } from "../../components/figures";
import { errorMessage, InlineError, EmptyState } from "../../components/states";
import { useCreatePlan, useDeletePlan, usePlans } from "./api";
import { wan2 } from "./format";

export function SavePlanButton({ request, defaultName, onSaved }: { request: AllocationRequest; defaultName: string; onSaved: (plan: PlanView) => void }) {
  const { message } = App.useApp();
  const create = useCreatePlan();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(defaultName);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    if (!name.trim()) return setProblem("请填写方案名称");
    try {
      const plan = await create.mutateAsync({ ...request, name: name.trim() });
      message.success(`已保存方案「${plan.name}」`);
      setOpen(false);
      onSaved(plan);
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  return (
    <>
      <Button
        icon={<SaveOutlined />}
        onClick={() => {
          setName(defaultName);
          setProblem(null);
          setOpen(true);
        }}
      >
        保存为方案
      </Button>
      <Modal title="保存分配方案" open={open} okText="保存" cancelText="取消" confirmLoading={create.isPending} onOk={() => void submit()} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form layout="vertical" onFinish={() => void submit()}>
          <Form.Item label="方案名称" validateStatus={problem ? "error" : undefined} help={problem ?? "保存后可随时打开、导出或生成下达草稿；保存的是当前计算结果"}>
            <Input
              aria-label="方案名称"
              value={name}
              maxLength={80}
              autoFocus
              onChange={(e) => {
                setName(e.target.value);
                setProblem(null);
              }}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function PlansPanel({
  cityRegionId,
  schemes,
  canManage,
  openedId,
  onOpen,
}: {
  cityRegionId: number;
  schemes: AllocationSchemeView[];
  canManage: boolean;
  openedId: number | null;
  onOpen: (id: number | null) => void;
}) {
  const { message } = App.useApp();
  const plans = usePlans(cityRegionId);
  const remove = useDeletePlan();
  const schemeName = (code: string) => schemes.find((s) => s.code === code)?.name ?? code;
  if (plans.isError) return <InlineError error={plans.error} onRetry={() => void plans.refetch()} />;
  return (
    <Table<PlanSummary>
      aria-label="已保存的分配方案"
      size="small"
      rowKey="id"
      loading={plans.isPending}
      dataSource={plans.data ?? []}
      pagination={(plans.data?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: <EmptyState description={canManage ? "还没有保存的方案：计算后点击“保存为方案”" : "还没有保存的分配方案"} /> }}
      columns={[
        { title: "方案名称", dataIndex: "name", render: (n: string, p) => <Space>{n}{p.id === openedId && <Tag color="blue">当前查看</Tag>}</Space> },
        { title: "分配年度", dataIndex: "year", width: 90, render: (y: number) => `${y}年度` },
        { title: "分配总额（万元）", dataIndex: "totalFen", width: 140, align: "right", render: (v: number) => <span className="num">{wan2(v)}</span> },
        { title: "分配方案", dataIndex: "schemeCode", render: (c: string) => schemeName(c) },
        { title: "因素口径", dataIndex: "factorBasis", render: (b: PlanSummary["factorBasis"]) => FACTOR_BASIS_LABEL[b] },
        { title: "保存人", dataIndex: "createdByName", width: 140 },
        { title: "保存时间", dataIndex: "createdAt", width: 140, render: (t: string) => <span className="num">{beijingTime(t)}</span> },
        {
          title: "操作",
          key: "actions",
          width: canManage ? 150 : 80,
          render: (_, p) => (
            <Space size={0}>
              <Button type="link" size="small" icon={<FolderOpenOutlined />} onClick={() => onOpen(p.id)}>
                打开
              </Button>
              {canManage && (
                <Popconfirm
                  title={`删除方案「${p.name}」？`}
                  description="删除后不可恢复；已导入的下达数据不受影响。"
                  okText="删除"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  onConfirm={async () => {
                    try {
                      await remove.mutateAsync(p.id);
                      message.success(`已删除方案「${p.name}」`);
                      if (p.id === openedId) onOpen(null);
                    } catch (e) {
                      message.error(errorMessage(e));
                    }
                  }}
                >
                  <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                    删除
                  </Button>
                </Popconfirm>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
