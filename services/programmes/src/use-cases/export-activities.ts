import type { Identity } from '@metrodesk/access';
import { FIGURES, linkedRequests } from '../domain/activity';
import type { Lang } from '../domain/regions';
import { COLUMN_WORDS, PROGRAMME_WORDS, VENUE_WORDS, type Column } from '../domain/words';
import { listActivities } from './list-activities';
import type { ActivityFilter, ProgrammesDeps } from './ports';

/** Largest export, in rows; a province year of activities fits. */
export const MAX_EXPORT_ROWS = 100_000;

export interface ExportTable {
  headings: string[];
  rows: (string | number)[][];
}

export const EXPORT_COLUMNS: Column[] = ['campaign', 'programme', 'city', 'date', 'venueKind', ...FIGURES, 'requests', 'notes'];

/** The caller's activities as a table in words (names, not codes), in the reader's language. */
export async function exportActivities(deps: ProgrammesDeps, who: Identity, filter: ActivityFilter, lang: Lang): Promise<ExportTable> {
  const activities = await listActivities(deps, who, filter, MAX_EXPORT_ROWS);
  const names = new Map<string, string>();
  for (const id of new Set(activities.map((a) => a.campaignId))) names.set(id, (await deps.campaigns.findById(id))?.name ?? '');
  const rows = activities.map((a) => [
    names.get(a.campaignId) ?? '',
    PROGRAMME_WORDS[a.programme][lang],
    deps.regions.nameOf(a.cityCode, lang),
    a.date,
    VENUE_WORDS[a.venueKind][lang],
    ...FIGURES.map((f) => a[f]),
    linkedRequests(a).join(', '),
    a.notes ?? '',
  ]);
  return { headings: EXPORT_COLUMNS.map((c) => COLUMN_WORDS[c][lang]), rows };
}
