/**
 * On the score sheet: 记为问题 on a leaf that lost points, and 据此记为问题 on a county's reply. Shown
 * only to those who may record findings of the task (the findings list says so, until it is final).
 */
import { useState } from "react";
import { Button, Flex, Tag, Tooltip } from "antd";
import { FlagOutlined } from "@ant-design/icons";
import type { Comment, Sheet, SheetNodeView } from "../../../../contracts/evaluations";
import { useSession } from "../../app/session";
import { useFindings } from "./api";
import { FindingFormModal, type FindingSource } from "./FindingForm";

function useLeafFindings(sheet: Sheet, code: string) {
  const { can } = useSession();
  const findings = useFindings(sheet.task.id, can("rectification.read"));
  const mine = (findings.data?.findings ?? []).filter((f) => f.evaluationScopeId === sheet.scope.id && f.leafCode === code);
  return { canCreate: findings.data?.can.create === true, mine };
}

/** The findings already made from this leaf, and 记为问题 when it lost points. */
export function LeafFindingButton({ sheet, node, path }: { sheet: Sheet; node: SheetNodeView; path: string[] }) {
  const { canCreate, mine } = useLeafFindings(sheet, node.code);
  const [source, setSource] = useState<FindingSource | null>(null);
  if (mine.length === 0 && !(canCreate && node.lost > 0)) return null;
  return (
    <Flex gap={8} align="center" wrap style={{ marginBottom: 16 }}>
      {mine.map((f) => (
        <Tooltip key={f.id} title={f.descriptionText}>
          <Tag color="volcano" icon={<FlagOutlined />}>{`已记为问题：${f.title}`}</Tag>
        </Tooltip>
      ))}
      {canCreate && node.lost > 0 && (
        <Button icon={<FlagOutlined />} onClick={() => setSource({ kind: "leaf", scopeId: sheet.scope.id, scopeName: sheet.scope.name, node, path })}>
          记为问题
        </Button>
      )}
      {source && <FindingFormModal open onClose={() => setSource(null)} taskId={sheet.task.id} source={source} />}
    </Flex>
  );
}

/** 据此记为问题 under a thread with a county's reply: the finding rests on the latest county comment. */
export function ReplyFindingButton({ sheet, node, path, comments }: { sheet: Sheet; node: SheetNodeView; path: string[]; comments: Comment[] }) {
  const { canCreate } = useLeafFindings(sheet, node.code);
  const [source, setSource] = useState<FindingSource | null>(null);
  const countyReply = [...comments].reverse().find((c) => c.side === "county");
  if (!canCreate || !countyReply) return null;
  return (
    <>
      <Button size="small" icon={<FlagOutlined />} style={{ marginTop: 8 }} onClick={() => setSource({ kind: "reply", scopeName: sheet.scope.name, node, path, comment: countyReply })}>
        据此记为问题
      </Button>
      {source && <FindingFormModal open onClose={() => setSource(null)} taskId={sheet.task.id} source={source} />}
    </>
  );
}
