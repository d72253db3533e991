import type { FastifyRequest } from "fastify";
import { AppError } from "./errors";

/**
 * Reads the one uploaded file of a multipart request (field `file`), within `maxBytes`, and checks its
 * extension. Every refusal says what to do, in Chinese.
 */
export async function readUpload(
  req: FastifyRequest,
  options: { maxBytes: number; extensions: string[]; hint?: string },
): Promise<{ fileName: string; data: Buffer; mimeType: string }> {
  const file = await req.file({ limits: { fileSize: options.maxBytes, files: 1 } }).catch(() => undefined);
  if (!file) throw new AppError("VALIDATION_FAILED", "请选择要上传的文件（表单字段 file）");
  let data: Buffer;
  try {
    data = await file.toBuffer();
  } catch {
    throw new AppError("PAYLOAD_TOO_LARGE", `文件 ${file.filename} 超过 ${Math.round(options.maxBytes / 1024 / 1024)} MB，请拆分或压缩后再上传`);
  }
  const ext = file.filename.toLowerCase().match(/\.[a-z0-9]+$/)?.[0] ?? "";
  if (!options.extensions.includes(ext)) {
    const message = `只能上传 ${options.extensions.join("、")} 文件${options.hint ? `（${options.hint}）` : ""}`;
    throw new AppError("IMPORT_INVALID", `${file.filename}：${message}`, [{ row: null, column: null, message }]);
  }
  return { fileName: file.filename, data, mimeType: file.mimetype };
}
