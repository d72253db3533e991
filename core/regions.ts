/**
 * Regions (行政区划): province → city → county (县区) → street, coded by GB/T 2260 (six digits) and,
 * for streets, the nine-digit 乡级 code. Pure: the codes' shape, levels and their labels.
 */
export const REGION_LEVELS = ["province", "city", "county", "street"] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const REGION_LEVEL_LABEL: Record<RegionLevel, string> = {
  province: "省级",
  city: "市级",
  county: "县区",
  street: "街道（乡镇）",
};
