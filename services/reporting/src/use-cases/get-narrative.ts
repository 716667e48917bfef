import type { Identity } from '@metrodesk/access';
import { narrative, type Lang } from '../domain/narrative';
import type { Range } from '../domain/period';
import type { Summary } from '../domain/report';
import type { ReportDeps } from './ports';
import { getSummary } from './get-summary';

export function getNarrative(deps: ReportDeps, who: Identity, q: { region?: string; range: Range; lang: Lang }): { lang: Lang; text: string; summary: Summary } {
  const summary = getSummary(deps, who, q);
  return { lang: q.lang, text: narrative(summary, q.lang), summary };
}
