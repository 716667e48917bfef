import type { Identity } from '@metrodesk/access';
import type { Range } from '../domain/period';
import type { Lang } from '../domain/narrative';
import { regionOf, type Summary } from '../domain/report';
import type { ProgrammeFigures } from '../domain/programme-records';
import { COLLECTION_FROM, programmeFiguresOf } from '../domain/programme-cells';
import { annualSummary, type AnnualSummary, type RegionFigures } from '../domain/annual-summary';
import type { ReportDeps } from './ports';
import type { ProgrammeStore } from './programme-ports';
import { reportRegion, summaryFor } from './report-scope';

export interface ProgrammeReportDeps extends ReportDeps {
  programmes: ProgrammeStore;
}

export interface ProgrammeReport {
  region: Summary['region'];
  period: Range;
  figures: ProgrammeFigures;
  /** The province's cities, each with its own figures; empty for a city's report. */
  cities: { region: Summary['region']; figures: ProgrammeFigures }[];
}

/** The region and its cities (a city is its only city). */
function regionsOf(deps: ReportDeps, region: Summary['region']): { whole: Set<string>; cities: Summary['region'][] } {
  const all = deps.regions().cities.map((c) => regionOf(deps.regions(), c.code)!);
  if (region.level === 'city') return { whole: new Set([region.code]), cities: [] };
  return { whole: new Set(all.map((c) => c.code)), cities: all };
}

async function figuresFor(deps: ProgrammeReportDeps, who: Identity, q: { region?: string; range: Range }) {
  const region = reportRegion(deps, who, q.region);
  const { whole, cities } = regionsOf(deps, region);
  // Only the campaigns running in the period are read as records; every figure comes from the cells.
  const campaigns = await deps.programmes.campaigns(q.range, region.level === 'city' ? region.code : undefined);
  const figures = (code: string, codes: Set<string>) =>
    programmeFiguresOf(deps.model.figures(code, q.range), deps.model.figures(code, { from: COLLECTION_FROM, to: q.range.to }).f, campaigns, codes, q.range);
  return {
    region,
    figures: figures(region.code, whole),
    cities: cities.map((c) => ({ region: c, figures: figures(c.code, new Set([c.code])) })),
  };
}

/** Every programme's figures for a region and period, with its cities' when it is the province. */
export async function programmeReport(deps: ProgrammeReportDeps, who: Identity, q: { region?: string; range: Range }): Promise<ProgrammeReport> {
  const f = await figuresFor(deps, who, q);
  return { region: f.region, period: q.range, figures: f.figures, cities: f.cities };
}

/** The annual work summary of a region: programme records and service figures, written out. */
export async function annualWorkSummary(deps: ProgrammeReportDeps, who: Identity, q: { region?: string; range: Range; lang: Lang }): Promise<{ summary: AnnualSummary; report: ProgrammeReport }> {
  const f = await figuresFor(deps, who, q);
  const withService = (region: Summary['region'], programmes: ProgrammeFigures): RegionFigures => ({ region, programmes, service: summaryFor(deps, region, q.range) });
  const summary = annualSummary(withService(f.region, f.figures), f.cities.map((c) => withService(c.region, c.figures)), q.range, q.lang);
  return { summary, report: { region: f.region, period: q.range, figures: f.figures, cities: f.cities } };
}
