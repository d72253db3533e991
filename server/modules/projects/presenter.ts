import type { Community, ProjectFile, ProjectListItem } from "../../../contracts/projects";
import { fundingMix, reachesNonFiscalShare, type Contribution } from "../../../core/funding";
import type { CommunityRow, ProjectRow } from "./repository";

export function presentFunding(contributions: readonly Contribution[]) {
  const mix = fundingMix(contributions);
  return {
    totalFen: mix.totalFen,
    fiscalFen: mix.fiscalFen,
    nonFiscalFen: mix.nonFiscalFen,
    nonFiscalBp: mix.nonFiscalBp,
    reachesThreshold: reachesNonFiscalShare(mix),
  };
}
export type FundingFigures = ReturnType<typeof presentFunding>;

export function presentProjectItem(p: ProjectRow, funding: FundingFigures, own: readonly CommunityRow[]): ProjectListItem {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    county: { id: p.countyId, name: p.countyName },
    status: p.status,
    implementingEntity: p.implementingEntity,
    street: p.street,
    communityCount: own.length,
    households: own.reduce((a, c) => a + c.households, 0),
    floorAreaDm2: own.reduce((a, c) => a + c.floorAreaDm2, 0),
    funding,
    plannedStartOn: p.plannedStartOn,
    actualStartOn: p.actualStartOn,
    plannedCompletionOn: p.plannedCompletionOn,
    actualCompletionOn: p.actualCompletionOn,
    actualAcceptanceOn: p.actualAcceptanceOn,
  };
}

export interface RenovationRow {
  communityId: number;
  year: number;
  projectId: number;
  code: string;
  name: string;
  status: ProjectListItem["status"];
  actualCompletionOn: string | null;
}

/** A registry row with what the system knows of its renovations (projects, or a year recorded before). */
export function presentCommunity(c: CommunityRow, renovations: readonly RenovationRow[], asOf: string): Community {
  const list: Community["renovations"] = renovations.map((r) => ({
    year: r.year,
    project: { id: r.projectId, code: r.code, name: r.name, status: r.status },
    completed: r.actualCompletionOn !== null && r.actualCompletionOn <= asOf,
  }));
  if (c.priorRenovationYear !== null) list.push({ year: c.priorRenovationYear, project: null, completed: true });
  list.sort((a, b) => b.year - a.year);
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    county: { id: c.countyId, name: c.countyName },
    street: c.street,
    builtYear: c.builtYear,
    buildings: c.buildings,
    households: c.households,
    floorAreaDm2: c.floorAreaDm2,
    propertyMode: c.propertyMode,
    feeCollectionBp: c.feeCollectionBp,
    longitude: c.longitude,
    latitude: c.latitude,
    renovations: list,
  };
}

export function presentFile(f: { id: number; kind: "photo" | "document"; fileName: string; mimeType: string; sizeBytes: number; note: string | null; uploadedBy: string | null; uploadedAt: Date }): ProjectFile {
  return { ...f, uploadedAt: f.uploadedAt.toISOString() };
}
