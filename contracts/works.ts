/**
 * 专营单位 (utility operators) on the shared community database: planned works, excavation conflicts
 * (反复开挖) with their joint window, and the county figures of the map.
 *
 * Routes (all under /api):
 *   GET    /works/communities?fundYearId=&countyId=      sharedCommunitySchema[]     communities.read
 *   GET    /works/operators                              operatorSchema[]            works.read
 *   GET    /works?communityId=&countyId=&year=           workSchema[]                works.read
 *   POST   /works                                        createWorkSchema → workSchema        works.write
 *   POST   /works/import?dryRun=                     multipart file → tableImportResultSchema  works.write
 *   GET    /works/import/template.xlsx               the template (own works, communities)     works.write
 *   PATCH  /works/:id                                    updateWorkSchema → workSchema        works.write
 *   GET    /works/conflicts?year=&open=                  conflictSchema[]            works.read
 *   POST   /works/conflicts/:key/confirm                 confirmConflictSchema → conflictSchema  works.coordinate
 *   POST   /works/conflicts/:key/acknowledge             acknowledgeConflictSchema → conflictSchema  works.acknowledge
 *   GET    /works/county-figures?year=                   countyWorksFigureSchema[]   works.read
 *   GET    /works/settings                               conflictSettingsSchema      works.read
 */
import { z } from "zod";
import { idSchema, idParam } from "./ids";
import { UTILITY_KINDS, WORK_STATUSES } from "../core/works/kinds";
import { WORK_SCOPE_MAX_CHARS } from "../core/works/import";

export { UTILITY_KINDS, WORK_STATUSES };
export const utilityKindSchema = z.enum(UTILITY_KINDS);
export const workStatusSchema = z.enum(WORK_STATUSES);

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");
export const WORK_SCOPE_MAX = WORK_SCOPE_MAX_CHARS;

/** A utility operator (专营单位) of a region; accounts belong to it by `users.organisation` = name. */
export const operatorSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kinds: z.array(utilityKindSchema),
});
export type Operator = z.infer<typeof operatorSchema>;

/** A community as the operators share it (read-only): registry facts and its renovation project's dates. */
export const sharedCommunitySchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  countyId: z.number().int(),
  countyName: z.string(),
  street: z.string().nullable(),
  builtYear: z.number().int(),
  households: z.number().int(),
  longitude: z.number().nullable(),
  latitude: z.number().nullable(),
  /** 已改造 (earlier programme) or 计划/在建: the renovation project, when there is one. */
  priorRenovationYear: z.number().int().nullable(),
  project: z
    .object({
      id: z.number().int(),
      code: z.string(),
      name: z.string(),
      batchYear: z.number().int(),
      status: z.string(),
      plannedStartOn: z.string().nullable(),
      plannedCompletionOn: z.string().nullable(),
      actualStartOn: z.string().nullable(),
      actualCompletionOn: z.string().nullable(),
      /** 改造内容 names. */
      contents: z.array(z.string()),
    })
    .nullable(),
});
export type SharedCommunity = z.infer<typeof sharedCommunitySchema>;
export const sharedCommunitiesQuerySchema = z.object({ fundYearId: idParam.optional(), countyId: idParam.optional() });

/** One planned work (专营单位施工计划). */
export const workSchema = z.object({
  id: z.number().int(),
  operatorId: z.number().int(),
  operatorName: z.string(),
  communityId: z.number().int(),
  communityName: z.string(),
  countyId: z.number().int(),
  countyName: z.string(),
  kind: utilityKindSchema,
  scope: z.string(),
  plannedFrom: z.string(),
  plannedTo: z.string(),
  digs: z.boolean(),
  status: workStatusSchema,
  version: z.number().int(),
  updatedAt: z.string(),
  /** The signed-in account may change it (its own operator's work). */
  editable: z.boolean(),
});
export type Work = z.infer<typeof workSchema>;

export const worksQuerySchema = z.object({
  communityId: idParam.optional(),
  countyId: idParam.optional(),
  /** Works whose window touches this calendar year. */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

const workFields = {
  communityId: idSchema,
  kind: utilityKindSchema,
  scope: z.string().trim().min(1, "请填写施工内容").max(WORK_SCOPE_MAX, `施工内容不超过 ${WORK_SCOPE_MAX} 字`),
  plannedFrom: isoDay,
  plannedTo: isoDay,
  /** Omitted: the region's default for the kind (conflictSettings.diggingKinds). */
  digs: z.boolean().optional(),
  status: workStatusSchema.optional(),
};
export const createWorkSchema = z.object(workFields);
export type CreateWork = z.infer<typeof createWorkSchema>;
export const updateWorkSchema = z.object({
  /** The version the user saw (optimistic lock). */
  version: z.number().int().positive(),
  kind: workFields.kind.optional(),
  scope: workFields.scope.optional(),
  plannedFrom: isoDay.optional(),
  plannedTo: isoDay.optional(),
  digs: z.boolean().optional(),
  status: workStatusSchema.optional(),
});
export type UpdateWork = z.infer<typeof updateWorkSchema>;
export const workIdParamsSchema = z.object({ id: idParam });

/** The rule of conflicts, per region (data, not code). */
export const conflictSettingsSchema = z.object({
  /** Two windows at most this many days apart count as one excavation. */
  gapDays: z.number().int().min(0).max(365),
  /** Kinds whose works dig unless the work says otherwise. */
  diggingKinds: z.array(utilityKindSchema),
});
export type ConflictSettings = z.infer<typeof conflictSettingsSchema>;

/** A party of a conflict: an operator, or 住建 for the renovation project. */
export const conflictPartySchema = z.object({
  /** "operator:<id>" or "renovation". */
  key: z.string(),
  name: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});

/** One excavation conflict (反复开挖) in a community. */
export const conflictSchema = z.object({
  /** Stable while the set of works (and the project) is unchanged: "c<community>:w<id>-w<id>[:p<project>]". */
  key: z.string(),
  communityId: z.number().int(),
  communityName: z.string(),
  countyId: z.number().int(),
  countyName: z.string(),
  longitude: z.number().nullable(),
  latitude: z.number().nullable(),
  works: z.array(workSchema),
  /** The renovation's window, when the renovation is a party. */
  renovation: z.object({ projectId: z.number().int(), projectName: z.string(), from: z.string(), to: z.string() }).nullable(),
  proposedFrom: z.string(),
  proposedTo: z.string(),
  /** 住建 confirmed a joint schedule. */
  confirmedFrom: z.string().nullable(),
  confirmedTo: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  parties: z.array(conflictPartySchema),
  /** Unconfirmed, or some party has not acknowledged. */
  open: z.boolean(),
});
export type Conflict = z.infer<typeof conflictSchema>;

export const conflictsQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  countyId: idParam.optional(),
  /** "true": only open conflicts. */
  open: z.enum(["true", "false"]).optional(),
});
export const conflictKeyParamsSchema = z.object({ key: z.string().regex(/^c\d+:[wp\d:-]+$/, "冲突编号无效").max(400) });
export const confirmConflictSchema = z.object({ from: isoDay, to: isoDay });
export const acknowledgeConflictSchema = z.object({
  /** Housing acknowledges for the renovation ("renovation"); an operator for itself (omit). */
  party: z.string().max(40).optional(),
});

/** Map figure per county: open conflicts (H4b combines it with the other figures). */
export const countyWorksFigureSchema = z.object({
  countyId: z.number().int(),
  countyName: z.string(),
  openConflicts: z.number().int(),
  conflicts: z.number().int(),
  works: z.number().int(),
});
export const countyFiguresQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
