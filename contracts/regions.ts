import { z } from "zod";
import { REGION_LEVELS } from "../core/regions";

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
});
export type Region = z.infer<typeof regionSchema>;
