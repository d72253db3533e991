/** 修改历史 of one paragraph: every version, newest first, with what it added (green) and removed (red). */
import { Drawer, Empty, Flex, Tag, Timeline, Typography } from "antd";
import type { ParagraphHistory } from "../../../../contracts/reports";
import { beijingTime } from "../../components/figures";
import { InlineError, PageSkeleton } from "../../components/states";
import { useParagraphHistory } from "./api";

type Version = ParagraphHistory["versions"][number];

function Diff({ diff }: { diff: Version["diff"] }) {
  return (
    <p style={{ margin: 0, whiteSpace: "pre-wrap", lineHeight: 1.8 }}>
      {diff.map((d, i) =>
        d.op === "add" ? (
          <ins key={i} className="diff-add" aria-label={`新增：${d.text}`}>
            {d.text}
          </ins>
        ) : d.op === "del" ? (
          <del key={i} className="diff-del" aria-label={`删除：${d.text}`}>
            {d.text}
          </del>
        ) : (
          <span key={i}>{d.text}</span>
        ),
      )}
    </p>
  );
}

function VersionItem({ v }: { v: Version }) {
  return (
    <Flex vertical gap={6}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>第 {v.version} 版</Typography.Text>
        <Tag color={v.scope === "fundYear" ? "purple" : "blue"} style={{ marginInlineEnd: 0 }}>
          {v.scope === "fundYear" ? "本年度基础文本" : "本报告"}
        </Tag>
        {v.frozen && <Tag style={{ marginInlineEnd: 0 }}>数字已冻结</Tag>}
        {v.hidden && <Tag color="red" style={{ marginInlineEnd: 0 }}>已删除此段</Tag>}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {`${v.authorName} · ${beijingTime(v.createdAt)}`}
        </Typography.Text>
      </Flex>
      <Diff diff={v.diff} />
    </Flex>
  );
}

export function ParagraphHistoryDrawer({ taskId, paragraphKey, onClose }: { taskId: number; paragraphKey: string; onClose: () => void }) {
  const history = useParagraphHistory(taskId, paragraphKey);
  const versions = [...(history.data?.versions ?? [])].sort((a, b) => b.version - a.version);
  return (
    <Drawer open size={640} title={`修改历史：${history.data?.label ?? "段落"}`} onClose={onClose} destroyOnHidden>
      {history.isPending ? (
        <PageSkeleton rows={1} />
      ) : history.isError ? (
        <InlineError error={history.error} onRetry={() => void history.refetch()} />
      ) : versions.length === 0 ? (
        <Empty description="此段尚未修改过" />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            每一版与前一版比较：<ins className="diff-add">绿色</ins>为新增的文字，<del className="diff-del">红色删除线</del>为删去的文字。
          </Typography.Paragraph>
          <Timeline items={versions.map((v) => ({ key: v.version, content: <VersionItem v={v} /> }))} />
        </>
      )}
    </Drawer>
  );
}
