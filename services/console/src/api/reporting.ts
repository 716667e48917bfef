// contracts/http/reporting.yaml (/reports/summary, cities, monthly, narrative, export.xlsx).
// normalizeFigures (lib/figures.ts) reads its Summary, so a renamed field needs one line there
// and nothing in the screens.
import { api, download, type Query } from './http';
import { normalizeBreakdown, normalizeFigures, type Breakdown, type CityRow, type CityTable, type Figures, type MonthlySeries, type Narrative, type Period, type SeriesPoint, type Summary } from '../lib/figures';
import type { http } from '@metrodesk/contracts';

/** The shapes of contracts/http/reporting.yaml, generated: a contract change breaks this build. */
type Schemas = http.reporting.components['schemas'];

export { normalizeFigures };
export type { Figures, CityRow, Period, SeriesPoint, Breakdown, LiaisonRow, RateRow } from '../lib/figures';

const q = (p: Period, extra: Query = {}): Query => ({ from: p.from, to: p.to, region: p.cityCode, ...extra });
const cityRow = (s: Summary): CityRow => ({ cityCode: s.region.code, ...normalizeFigures(s) });

export const summary = async (p: Period): Promise<Figures & { breakdown: Breakdown }> => {
  const s = await api<Summary>('/reporting/reports/summary', { query: q(p) });
  return { ...normalizeFigures(s), breakdown: normalizeBreakdown(s) };
};

/**
 * The by-city table of a scope. A city (chosen, or the caller's own) is one row read from the
 * same summary as the cards, so cards and table cannot disagree; the province is reporting's
 * city table (which takes no region: it is every city) with its total, the cards' figures.
 */
export async function byCity(p: Period): Promise<{ rows: CityRow[]; total: CityRow | null }> {
  if (p.cityCode) return { rows: [cityRow(await api<Summary>('/reporting/reports/summary', { query: q(p) }))], total: null };
  const table = await api<CityTable>('/reporting/reports/cities', { query: { from: p.from, to: p.to } });
  return { rows: table.rows.map(cityRow), total: { cityCode: '', ...normalizeFigures(table.total) } };
}

export const series = async (p: Period): Promise<SeriesPoint[]> =>
  (await api<MonthlySeries>('/reporting/reports/monthly', { query: q(p) })).months.map((m) => ({ period: m.period.from.slice(0, 7), ...normalizeFigures(m) }));

export const narrative = async (p: Period, lang: string): Promise<string> => (await api<Narrative>('/reporting/reports/narrative', { query: q(p, { lang }) })).text;

export const exportXlsx = (p: Period, lang: string, onProgress: (f: number | null) => void) =>
  download('/reporting/reports/export.xlsx', q(p, { lang }), `metrodesk-${p.cityCode ?? 'province'}-${p.from}-${p.to}.xlsx`, onProgress);

/** One change in the audit trail, already in words in the asked language (contracts/http/reporting.yaml AuditLine). */
export type AuditLine = Schemas['AuditLine'];
export type AuditOf = { enterpriseId: string } | { requestId: string };

export const auditPage = (of: AuditOf, lang: string, cursor?: string) =>
  api<{ items: AuditLine[]; nextCursor: string | null }>('/reporting/audit', { query: { ...of, lang, limit: 50, cursor } });

export const exportAudit = (of: AuditOf, lang: string, format: 'csv' | 'xlsx', onProgress?: (f: number | null) => void) =>
  download('/reporting/audit', { ...of, lang, format }, `metrodesk-audit-${'enterpriseId' in of ? of.enterpriseId : of.requestId}.${format}`, onProgress);
