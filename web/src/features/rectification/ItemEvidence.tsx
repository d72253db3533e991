/** 整改佐证: the item's files; the owner uploads and deletes them until the item is submitted. */
import { RECTIFICATION_LIMITS, type RectificationItemDetail } from "../../../../contracts/rectification";
import { EvidenceFiles } from "../../components/EvidenceFiles";
import { downloadItemEvidence, useDeleteItemEvidence, useUploadItemEvidence } from "./api";
import { momentCn } from "./shared";

const MAX_MB = RECTIFICATION_LIMITS.evidenceBytes / 1024 / 1024;

export function ItemEvidence({ item }: { item: RectificationItemDetail }) {
  const upload = useUploadItemEvidence(item.id);
  const remove = useDeleteItemEvidence();
  return (
    <EvidenceFiles
      files={item.evidence.map((e) => ({ ...e, by: `${e.uploadedByName} · ${momentCn(e.uploadedAt)}` }))}
      empty={item.can.evidence ? "尚未上传佐证材料。提交验收前须至少上传一份。" : "暂无佐证材料。"}
      onDownload={downloadItemEvidence}
      canDelete={() => item.can.evidence}
      onDelete={(e) => remove.mutateAsync(e.id)}
      upload={
        item.can.evidence
          ? { maxBytes: RECTIFICATION_LIMITS.evidenceBytes, pending: upload.isPending, multiple: true, hint: `PDF、Word、Excel、OFD、图片或压缩包，每个不超过 ${MAX_MB} MB`, send: (f) => upload.mutateAsync(f) }
          : undefined
      }
    />
  );
}
