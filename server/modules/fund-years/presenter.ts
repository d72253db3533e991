import { SOURCE_CATEGORY_LABEL, programmeMonitoringSchema, type Programme, type ProgrammeMonitoring, type SetupSource } from "../../../contracts/setup";
import { BUILTIN_MONITORING } from "../../../db/builtins/programmes";
import type { ProgrammeRow, SourceRow } from "./repository";

export function presentSetupSource(r: { source: SourceRow; inAllocations: boolean; inPayments: boolean; inInvestments: boolean }): SetupSource {
  const s = r.source;
  return {
    id: s.id,
    code: s.code,
    name: s.name,
    category: s.category,
    categoryLabel: SOURCE_CATEGORY_LABEL[s.category],
    sortOrder: s.sortOrder,
    inUse: !!(r.inAllocations || r.inPayments || r.inInvestments),
  };
}

/** A programme's stored monitoring defaults; one stored before they were validated reads as the built-in's. */
export function monitoringOfProgramme(p: ProgrammeRow): ProgrammeMonitoring {
  const parsed = programmeMonitoringSchema.safeParse(p.monitoring);
  return parsed.success ? parsed.data : BUILTIN_MONITORING;
}

export function presentProgramme(p: ProgrammeRow, families: Map<string, string>, fundYears: number): Programme {
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    templateCode: p.templateCode,
    templateName: p.templateCode ? (families.get(p.templateCode) ?? null) : null,
    contentItems: p.contentItems ?? null,
    monitoring: monitoringOfProgramme(p),
    builtin: p.builtin,
    sortOrder: p.sortOrder,
    fundYears,
  };
}
