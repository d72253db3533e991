import { z } from "zod";
import { idParam, idSchema } from "./ids";
import { REGION_LEVELS, REGION_NAME_MAX } from "../core/regions";

/** A region as every picker and list shows it. */
export const regionSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  levelLabel: z.string(),
  parentId: z.number().int().nullable(),
  /** "/1/2/3/": the ids from the root down to it. */
  path: z.string(),
  retired: z.boolean(),
  sortOrder: z.number().int(),
  /**
   * In the asker's subtree. False for the ancestors listed so that a picker can show the path
   * (山东省 above a city user's 临沂市): shown, never offered.
   */
  inScope: z.boolean(),
});
export type Region = z.infer<typeof regionSchema>;

/** One rename of a region (改名记录). */
export const regionRenameSchema = z.object({
  oldName: z.string(),
  newName: z.string(),
  changedBy: z.string(),
  changedAt: z.string(),
});

/** A region with its rename history and, for a delete button, whether anything uses it. */
export const regionDetailSchema = regionSchema.extend({
  renames: z.array(regionRenameSchema),
  /** What refers to it, in Chinese ("资金下达 36 条"); empty: it may be deleted. */
  usedBy: z.array(z.string()),
});
export type RegionDetail = z.infer<typeof regionDetailSchema>;

const regionName = z.string().trim().min(1, "请填写名称").max(REGION_NAME_MAX, `名称不能超过${REGION_NAME_MAX}个字`);
const regionCode = z
  .string()
  .trim()
  .regex(/^\d{6}(\d{3})?$/, "编码应为6位（省、市、县区）或9位（街道、乡镇）数字");

/** 手工添加. Without a code one that fits is generated (the next free one under the parent). */
export const addRegionSchema = z.object({
  name: regionName,
  level: z.enum(REGION_LEVELS),
  parentId: idSchema.nullable().default(null),
  code: regionCode.nullish(),
});
export type AddRegionInput = z.input<typeof addRegionSchema>;

/** 从全国区划添加: a province, city or county code; with its streets (乡级) when asked. */
export const addNationalSchema = z.object({
  code: z.string().trim().regex(/^\d{6}$/, "请选择全国区划中的省、市或县区（6位编码）"),
  withStreets: z.boolean().default(false),
});
export type AddNationalInput = z.input<typeof addNationalSchema>;

export const addNationalResultSchema = z.object({
  /** Regions written, in order (parents first). */
  added: z.array(regionSchema),
  /** Codes that were there already: kept as they are, names included. */
  kept: z.array(z.object({ code: z.string(), name: z.string(), nationalName: z.string() })),
  /** One line in Chinese of what happened. */
  summary: z.string(),
});
export type AddNationalResult = z.infer<typeof addNationalResultSchema>;

export const updateRegionSchema = z
  .object({ name: regionName.optional(), sortOrder: z.number().int().min(0).max(100_000).optional() })
  .refine((v) => v.name !== undefined || v.sortOrder !== undefined, "请填写新名称或排序");
export type UpdateRegionInput = z.input<typeof updateRegionSchema>;

export const regionIdParamsSchema = z.object({ regionId: idParam });

export const nationalQuerySchema = z.object({
  /** The children of this code (none: the provinces). */
  code: z.string().trim().regex(/^\d{6}$/).optional(),
  /** Search by name or code instead (at most 50 answers). */
  q: z.string().trim().max(50).optional(),
});

/** An entry of the national list (全国行政区划, GB/T 2260) for a picker. */
export const nationalEntrySchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  levelLabel: z.string(),
  parentCode: z.string().nullable(),
  /** The names above it: 山东省 / 临沂市. */
  pathNames: z.array(z.string()),
  /** Whether it has children (counties, or streets) in the list. */
  hasChildren: z.boolean(),
  /** A 功能区 (开发区、高新区…): in the statistics list, not an administrative division; added only on its own. */
  zone: z.boolean(),
  /** Already a region of this installation (the region's id). */
  addedId: z.number().int().nullable(),
});
export type NationalEntry = z.infer<typeof nationalEntrySchema>;

export const deleteRegionResultSchema = z.object({ deleted: z.literal(true), summary: z.string() });
