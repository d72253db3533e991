/** 整改佐证: the item's files; the owner uploads and deletes them until the item is submitted. */
import { App, Button, Flex, Space, Tooltip, Typography, Upload } from "antd";
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { EVIDENCE_TYPES } from "../../../../contracts/evaluations";
import { RECTIFICATION_LIMITS, type RectificationItemDetail } from "../../../../contracts/rectification";
import { errorMessage } from "../../components/states";
import { downloadItemEvidence, useDeleteItemEvidence, useUploadItemEvidence } from "./api";
import { momentCn } from "./shared";

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);
const MAX_MB = RECTIFICATION_LIMITS.evidenceBytes / 1024 / 1024;

export function ItemEvidence({ item }: { item: RectificationItemDetail }) {
  const upload = useUploadItemEvidence(item.id);
  const remove = useDeleteItemEvidence();
  const { message, modal } = App.useApp();
  return (
    <Flex vertical gap={8}>
      {item.evidence.length === 0 && (
        <Typography.Text type="secondary">{item.can.evidence ? "尚未上传佐证材料。提交验收前须至少上传一份。" : "暂无佐证材料。"}</Typography.Text>
      )}
      {item.evidence.map((e) => (
        <Flex key={e.id} justify="space-between" align="center" gap={8}>
          <Space size={6} wrap>
            <PaperClipOutlined />
            <Button type="link" style={{ padding: 0, height: "auto" }} onClick={() => void downloadItemEvidence(e).catch((err) => message.error(errorMessage(err)))}>
              {e.fileName}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {`${size(e.sizeBytes)} · ${e.uploadedByName} · ${momentCn(e.uploadedAt)}`}
            </Typography.Text>
          </Space>
          {item.can.evidence && (
            <Tooltip title="删除">
              <Button
                size="small"
                type="text"
                danger
                aria-label={`删除 ${e.fileName}`}
                icon={<DeleteOutlined />}
                onClick={() =>
                  modal.confirm({
                    title: `删除佐证材料「${e.fileName}」？`,
                    okText: "删除",
                    cancelText: "取消",
                    okButtonProps: { danger: true },
                    onOk: async () => {
                      try {
                        await remove.mutateAsync(e.id);
                        message.success("已删除佐证材料");
                      } catch (err) {
                        message.error(errorMessage(err));
                      }
                    },
                  })
                }
              />
            </Tooltip>
          )}
        </Flex>
      ))}
      {item.can.evidence && (
        <div>
          <Upload
            accept={EVIDENCE_TYPES.join(",")}
            showUploadList={false}
            multiple
            beforeUpload={(file) => {
              if (file.size > RECTIFICATION_LIMITS.evidenceBytes) {
                message.error(`文件「${file.name}」超过 ${MAX_MB} MB，请压缩或拆分后上传`);
                return Upload.LIST_IGNORE;
              }
              return true;
            }}
            customRequest={async ({ file, onSuccess, onError }) => {
              try {
                const r = await upload.mutateAsync(file as File);
                message.success(`已上传：${r.fileName}`);
                onSuccess?.(r);
              } catch (e) {
                message.error(errorMessage(e));
                onError?.(e as Error);
              }
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.isPending}>
              上传佐证材料
            </Button>
          </Upload>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
            {`PDF、Word、Excel、OFD、图片或压缩包，每个不超过 ${MAX_MB} MB`}
          </Typography.Text>
        </div>
      )}
    </Flex>
  );
}
