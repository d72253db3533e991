/**
 * 报告勾稽校验 of a report written outside Wenxiao: upload the file, see whether its tables add up and
 * its figures agree; with an evaluation task chosen, every figure is also compared with its record.
 */
import { useState } from "react";
import { Card, Flex, Select, Typography } from "antd";
import { useLedger } from "../../app/ledger";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { useTasks } from "../evaluations/api";
import { ReportFileCheck } from "./CheckResult";

/** Mounted only for accounts that may list tasks, so nobody else asks for the list. */
function TaskSelect({ value, onChange }: { value: number | undefined; onChange: (id: number | undefined) => void }) {
  const { fundYear } = useLedger();
  const tasks = useTasks(fundYear.id);
  return (
    <Select<number>
      aria-label="对照评价任务"
      allowClear
      placeholder="不对照（只核对文件内部的数字）"
      style={{ width: 360 }}
      loading={tasks.isPending}
      value={value}
      onChange={(id) => onChange(id ?? undefined)}
      options={(tasks.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
      notFoundContent={tasks.isError ? "评价任务加载失败" : "本年度暂无评价任务"}
    />
  );
}

export default function CheckPage() {
  const { fundYear } = useLedger();
  const { can } = useSession();
  const [taskId, setTaskId] = useState<number | undefined>(undefined);
  return (
    <>
      <PageHeader title="报告勾稽校验" subtitle="核对在系统外编写的绩效评价报告：表内合计、得分率、资金构成、前后文数字和评价等级是否一致" />
      <Card style={{ maxWidth: 960 }}>
        <Flex vertical gap={16}>
          {can("evaluation.read") && (
            <Flex gap={12} align="center" wrap>
              <Typography.Text strong>对照评价任务</Typography.Text>
              <TaskSelect value={taskId} onChange={setTaskId} />
              <Typography.Text type="secondary">{`可选${fundYear.year}年度的评价任务：报告中的数字还将与系统记录逐项比对`}</Typography.Text>
            </Flex>
          )}
          {/* A new task means a new comparison: the previous result belongs to the previous choice. */}
          <ReportFileCheck key={taskId ?? "none"} taskId={taskId} />
        </Flex>
      </Card>
    </>
  );
}
