/** Regions (行政区划): one file per use case; other modules and the CLI import them from here. */
export { listRegions, getRegion, browseNational } from "./list-regions";
export { addRegion } from "./add-region";
export { addFromNational, nationalSelection } from "./add-from-national";
export { updateRegion } from "./rename-region";
export { retireRegion, restoreRegion } from "./retire-region";
export { deleteRegion } from "./delete-region";
export { importRegions, buildRegionTemplate } from "./import-regions";
export { nationalByCode, nationalChildren, nationalAncestors, searchNational, type NationalRegion } from "./national";
export { findRegionsByName } from "./find-regions";
