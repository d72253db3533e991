import { idParam } from "../../../contracts/ids";
import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { IMPORT_KIND_LABEL, IMPORT_MAX_BYTES, importQuerySchema, importResultSchema, type ImportKind } from "../../../contracts/imports";
import { errorBodySchema } from "../../../contracts/errors";
import type { Permission } from "../../../core/access";
import { readUpload } from "../../upload";
import { XLSX_MIME } from "../../xlsx";
import { runImport } from "./service";
import { buildTemplate } from "./template";

/** Who may import what: the city allocates, counties (and the city) pay. */
const PERMISSION: Record<ImportKind, Permission> = { allocations: "funds.allocate", payments: "funds.pay" };

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const kind of Object.keys(PERMISSION) as ImportKind[]) {
    const label = IMPORT_KIND_LABEL[kind];
    app.get(
      `/imports/${kind}/template.xlsx`,
      {
        config: { access: PERMISSION[kind] },
        schema: {
          operationId: `download${kind === "payments" ? "Payment" : "Allocation"}Template`,
          summary: `下载${label}导入模板（.xlsx）`,
          tags: ["导入"],
          querystring: z.object({ fundYearId: idParam }),
        },
      },
      async (req, reply) => {
        const { buffer, fileName } = await buildTemplate(req.ctx(), kind, req.query.fundYearId);
        return reply
          .header("content-type", XLSX_MIME)
          .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`)
          .send(buffer);
      },
    );

    app.post(
      `/imports/${kind}`,
      {
        config: { access: PERMISSION[kind] },
        schema: {
          operationId: `import${kind === "payments" ? "Payments" : "Allocations"}`,
          summary: `导入${label}（.xlsx，multipart 字段 file）；dryRun=true 时只预检不写入`,
          tags: ["导入"],
          querystring: importQuerySchema,
          consumes: ["multipart/form-data"],
          response: { 200: importResultSchema, 422: errorBodySchema },
        },
      },
      async (req) => {
        const { fileName, data } = await readUpload(req, {
          maxBytes: IMPORT_MAX_BYTES,
          extensions: [".xlsx"],
          hint: "旧版 .xls 或 .csv 请先用 Excel/WPS 另存为 .xlsx",
        });
        return runImport({ ctx: req.ctx(), kind, fundYearId: req.query.fundYearId, fileName, data, dryRun: req.query.dryRun });
      },
    );
  }
};
