import { Tag } from "antd";
import type { QuestionnaireRecord } from "../../../../contracts/surveys";

const STATUS: Record<QuestionnaireRecord["status"], { color: string; text: string }> = {
  draft: { color: "default", text: "草稿" },
  published: { color: "success", text: "已发布（现行）" },
  retired: { color: "default", text: "已发布（历史版本）" },
};

export function QuestionnaireStatus({ status }: { status: QuestionnaireRecord["status"] }) {
  return <Tag color={STATUS[status].color}>{STATUS[status].text}</Tag>;
}
