/**
 * 专营设施产权移交 (handover of utility facilities after renovation), per community and kind.
 *
 * Routes (all under /api):
 *   GET  /works/handovers?fundYearId=&countyId=                  handoverPageSchema            works.read
 *   PUT  /works/handovers/:communityId/:facilityKind             recordHandoverSchema → handoverSchema  works.handover
 */
import { z } from "zod";
import { idParam, idSchema } from "./ids";
import { basisPoints, fundYearSchema, isoDate } from "./funds";
import { UTILITY_KINDS } from "../core/works/kinds";
import { HANDOVER_NOTE_MAX, HANDOVER_RECEIVER_MAX, HANDOVER_STATUSES } from "../core/works/handover";

export { HANDOVER_STATUSES };
export const handoverStatusSchema = z.enum(HANDOVER_STATUSES, { error: `应为${HANDOVER_STATUSES.join("、")}之一` });

/** One kind's record of a community (absent kinds are 未移交 with no record). */
export const handoverSchema = z.object({
  communityId: z.number().int(),
  kind: z.enum(UTILITY_KINDS),
  status: z.enum(HANDOVER_STATUSES),
  handedOverOn: z.string().nullable(),
  operatorId: z.number().int().nullable(),
  operatorName: z.string().nullable(),
  receiver: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type Handover = z.infer<typeof handoverSchema>;

const countsSchema = z.object({
  communities: z.number().int(),
  handedOver: z.number().int(),
  inProgress: z.number().int(),
  notApplicable: z.number().int(),
  required: z.number().int(),
  shareBp: basisPoints,
});

/** The fund year's completed communities with each kind's record, and the counts per county. */
export const handoverPageSchema = z.object({
  fundYear: fundYearSchema,
  counties: z.array(countsSchema.extend({ county: z.object({ id: z.number().int(), name: z.string() }) })),
  city: countsSchema,
  communities: z.array(
    z.object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      countyId: z.number().int(),
      countyName: z.string(),
      projectName: z.string(),
      completedOn: z.string(),
      handovers: z.array(handoverSchema),
    }),
  ),
  /** The signed-in account may record handovers (of its county, for a 县区 user). */
  canRecord: z.boolean(),
});
export type HandoverPage = z.infer<typeof handoverPageSchema>;

export const handoverQuerySchema = z.object({ fundYearId: idParam, countyId: idParam.optional() });
export const handoverParamsSchema = z.object({
  communityId: idParam,
  facilityKind: z.enum(UTILITY_KINDS, { error: `应为${UTILITY_KINDS.join("、")}之一` }),
});

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}不超过 ${max} 字`)
    .nullish()
    .transform((s) => (s ? s : null));

export const recordHandoverSchema = z.object({
  /** The version the user saw; 0 when the kind had no record yet. */
  version: z.number().int().min(0),
  status: handoverStatusSchema,
  handedOverOn: isoDate.nullish().transform((s) => s ?? null),
  operatorId: idSchema.nullish().transform((s) => s ?? null),
  receiver: optionalText(HANDOVER_RECEIVER_MAX, "接收单位"),
  note: optionalText(HANDOVER_NOTE_MAX, "备注"),
});
export type RecordHandover = z.infer<typeof recordHandoverSchema>;
