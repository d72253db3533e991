/** 专营单位 kinds and the states of a planned work. */
export const UTILITY_KINDS = ["供水", "排水", "供电", "燃气", "供热", "通信"] as const;
export type UtilityKind = (typeof UTILITY_KINDS)[number];

/** 计划 / 施工中 / 已完成 / 已取消 */
export const WORK_STATUSES = ["计划", "施工中", "已完成", "已取消"] as const;
export type WorkStatus = (typeof WORK_STATUSES)[number];

/** The default rule: windows within 30 days are one excavation; pipes dig, cables may not. */
export const DEFAULT_GAP_DAYS = 30;
export const DEFAULT_DIGGING_KINDS: UtilityKind[] = ["供水", "排水", "燃气", "供热"];
