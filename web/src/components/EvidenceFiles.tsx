/**
 * 佐证材料: a list of files kept in the database — download, delete with a confirmation, upload with
 * the size checked before sending. The score sheet's leaves and the rectification items both use it;
 * who may delete or upload is the caller's (the server decides, the page only hides).
 */
import type { ReactNode } from "react";
import { App, Button, Flex, Space, Tooltip, Typography, Upload } from "antd";
import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { EVIDENCE_TYPES } from "../../../contracts/evaluations";
import { errorMessage } from "./states";

export interface EvidenceFile {
  id: number;
  fileName: string;
  sizeBytes: number;
  /** Who and when, after the size: 「评价机构 项目组 · 2022年7月11日 09:30」. */
  by: string;
}

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export function EvidenceFiles<F extends EvidenceFile>(props: {
  files: F[];
  empty: ReactNode;
  onDownload: (file: F) => Promise<unknown>;
  canDelete: (file: F) => boolean;
  onDelete: (file: F) => Promise<unknown>;
  /** Absent: no upload button. */
  upload?: { maxBytes: number; pending: boolean; multiple?: boolean; hint?: string; send: (file: File) => Promise<{ fileName: string }> };
}) {
  const { files, upload } = props;
  const { message, modal } = App.useApp();
  const maxMb = upload ? upload.maxBytes / 1024 / 1024 : 0;
  return (
    <Flex vertical gap={8}>
      {files.length === 0 && <Typography.Text type="secondary">{props.empty}</Typography.Text>}
      {files.map((e) => (
        <Flex key={e.id} justify="space-between" align="center" gap={8}>
          <Space size={6} wrap>
            <PaperClipOutlined />
            <Button type="link" style={{ padding: 0, height: "auto" }} onClick={() => void props.onDownload(e).catch((err) => message.error(errorMessage(err)))}>
              {e.fileName}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {`${size(e.sizeBytes)} · ${e.by}`}
            </Typography.Text>
          </Space>
          {props.canDelete(e) && (
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
                        await props.onDelete(e);
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
      {upload && (
        <div>
          <Upload
            accept={EVIDENCE_TYPES.join(",")}
            showUploadList={false}
            multiple={upload.multiple}
            beforeUpload={(file) => {
              if (file.size > upload.maxBytes) {
                message.error(`文件「${file.name}」超过 ${maxMb} MB，请压缩或拆分后上传`);
                return Upload.LIST_IGNORE;
              }
              return true;
            }}
            customRequest={async ({ file, onSuccess, onError }) => {
              try {
                const r = await upload.send(file as File);
                message.success(`已上传：${r.fileName}`);
                onSuccess?.(r);
              } catch (e) {
                message.error(errorMessage(e));
                onError?.(e as Error);
              }
            }}
          >
            <Button icon={<UploadOutlined />} loading={upload.pending}>
              上传佐证材料
            </Button>
          </Upload>
          {upload.hint && (
            <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
              {upload.hint}
            </Typography.Text>
          )}
        </div>
      )}
    </Flex>
  );
}
