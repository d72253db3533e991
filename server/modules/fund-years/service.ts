/** 基础设置: one file per use case; this re-exports them for routes and the command line. */
export { listSetupSources, createSource, updateSource, deleteSource } from "./sources";
export { listProgrammes, createProgramme, updateProgramme, findProgrammeByName } from "./programmes";
export { getFundYearDetail } from "./get-fund-year";
export { createFundYear, regionForFundYear } from "./create-fund-year";
export { startNextFundYear, latestFundYearOf } from "./next-fund-year";
export { closeFundYear, reopenFundYear } from "./close-fund-year";
export { findRegionByName } from "./regions";
