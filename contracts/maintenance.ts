/**
 * 长效管养 over the years: a community's yearly record (property mode, fee collection, 红色物业, 业委会)
 * and, per county, the share of renovated communities under 专业物业 or 街道社区统管 in each year.
 *
 * Routes (all under /api):
 *   GET /communities/maintenance/trend?fundYearId=               maintenanceTrendSchema        communities.read
 *   GET /communities/:communityId/maintenance-years             communityMaintenanceSchema    communities.read
 *   PUT /communities/:communityId/maintenance-years/:year       recordMaintenanceYearSchema → maintenanceYearSchema  communities.write
 */
import { z } from "zod";
import { idParam } from "./ids";
import { basisPoints, countySchema, fundYearSchema } from "./funds";
import { PROPERTY_MODES } from "../core/registry";

export const MAINTENANCE_YEAR_MIN = 2000;
export const MAINTENANCE_YEAR_MAX = 2100;

export const maintenanceYearSchema = z.object({
  communityId: z.number().int(),
  year: z.number().int(),
  propertyMode: z.enum(PROPERTY_MODES),
  feeCollectionBp: basisPoints,
  redProperty: z.boolean(),
  ownersCommittee: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type MaintenanceYearRecord = z.infer<typeof maintenanceYearSchema>;

export const communityMaintenanceSchema = z.object({
  community: z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    countyId: z.number().int(),
    countyName: z.string(),
    /** The latest: what the latest year's record says. */
    propertyMode: z.enum(PROPERTY_MODES),
    feeCollectionBp: basisPoints,
  }),
  years: z.array(maintenanceYearSchema),
  /** The signed-in account may record years (its own county's, for a 县区 user). */
  canEdit: z.boolean(),
});
export type CommunityMaintenance = z.infer<typeof communityMaintenanceSchema>;

const yearLineSchema = z.object({
  year: z.number().int(),
  renovated: z.number().int(),
  reported: z.number().int(),
  byMode: z.record(z.enum(PROPERTY_MODES), z.number().int()),
  professionalOrStreet: z.number().int(),
  shareBp: basisPoints,
  redProperty: z.number().int(),
  ownersCommittee: z.number().int(),
  feeCollectionBp: basisPoints,
});
const trendSchema = z
  .object({ fromYear: z.number().int(), toYear: z.number().int(), changeBp: z.number().int(), direction: z.enum(["up", "down", "flat"]) })
  .nullable();

export const maintenanceTrendSchema = z.object({
  fundYear: fundYearSchema,
  years: z.array(z.number().int()),
  city: z.object({ years: z.array(yearLineSchema), trend: trendSchema }),
  counties: z.array(z.object({ county: countySchema, years: z.array(yearLineSchema), trend: trendSchema })),
});
export type MaintenanceTrend = z.infer<typeof maintenanceTrendSchema>;

export const communityParamsSchema = z.object({ communityId: idParam });
export const maintenanceYearParamsSchema = z.object({
  communityId: idParam,
  year: z.coerce
    .number()
    .int("应为整数")
    .min(MAINTENANCE_YEAR_MIN, `应在 ${MAINTENANCE_YEAR_MIN} 至 ${MAINTENANCE_YEAR_MAX} 之间`)
    .max(MAINTENANCE_YEAR_MAX, `应在 ${MAINTENANCE_YEAR_MIN} 至 ${MAINTENANCE_YEAR_MAX} 之间`),
});

export const recordMaintenanceYearSchema = z.object({
  /** The version the user saw; 0 when the year had no record. */
  version: z.number().int().min(0),
  propertyMode: z.enum(PROPERTY_MODES, { error: "应为专业物业、街道社区统管、居民自管或无物业管理之一" }),
  /** Basis points (85.5% = 8550); null: unknown or no fee charged. */
  feeCollectionBp: z.number().int("应为整数（万分之一）").min(0, "应在 0% 至 100% 之间").max(10000, "应在 0% 至 100% 之间").nullable(),
  redProperty: z.boolean(),
  ownersCommittee: z.boolean(),
});
export type RecordMaintenanceYear = z.infer<typeof recordMaintenanceYearSchema>;
