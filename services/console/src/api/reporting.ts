// reporting branch: contracts/http/reporting.yaml (/reports/summary, cities, monthly, narrative,
// export.xlsx). normalizeFigures (lib/figures.ts) reads its Summary, so a renamed field needs one
// line there and nothing in the screens.
import { api, download, type Query } from './http';
import { normalizeBreakdown, normalizeFigures, rowsOf, get, type Breakdown, type CityRow, type Figures, type Period, type SeriesPoint } from '../lib/figures';
import type { http } from '@metrodesk/contracts';

/** The shapes of contracts/http/reporting.yaml, generated: a contract change breaks this build. */
type Schemas = http.reporting.components['schemas'];

export { normalizeFigures, rowsOf };
export type { Figures, CityRow, Period, SeriesPoint, Breakdown, LiaisonRow, RateRow } from '../lib/figures';

const q = (p: Period, extra: Query = {}): Query => ({ from: p.from, to: p.to, region: p.cityCode, ...extra });
const cityOf = (r: Record<string, unknown>) => String(get(r, 'region.code') ?? r.cityCode ?? r.key ?? '');

export const summary = async (p: Period): Promise<Figures & { breakdown: Breakdown }> => {
  const raw = await api<unknown>('/reporting/reports/summary', { query: q(p) });
  return { ...normalizeFigures(raw), breakdown: normalizeBreakdown(raw) };
};

/**
 * The by-city table of a scope. A city (chosen, or the caller's own) is one row read from the
 * same summary as the cards, so cards and table cannot disagree; the province is reporting's
 * city table (which takes no region: it is every city) with its total, the cards' figures.
 */
export async function byCity(p: Period): Promise<{ rows: CityRow[]; total: CityRow | null }> {
  if (p.cityCode) {
    const own = await api<Record<string, unknown>>('/reporting/reports/summary', { query: q(p) });
    return { rows: [{ cityCode: cityOf(own) || p.cityCode, ...normalizeFigures(own) }], total: null };
  }
  const table = await api<Record<string, unknown>>('/reporting/reports/cities', { query: { from: p.from, to: p.to } });
  const total = get(table, 'total');
  return { rows: rowsOf(table).map((r) => ({ cityCode: cityOf(r), ...normalizeFigures(r) })), total: total ? { cityCode: '', ...normalizeFigures(total) } : null };
}

export const series = async (p: Period): Promise<SeriesPoint[]> =>
  rowsOf(await api<unknown>('/reporting/reports/monthly', { query: q(p) })).map((r) => ({ period: String(get(r, 'period.from') ?? r.month ?? r.period ?? '').slice(0, 7), ...normalizeFigures(r) }));

export async function narrative(p: Period, lang: string): Promise<string> {
  const v = await api<unknown>('/reporting/reports/narrative', { query: q(p, { lang }) });
  if (typeof v === 'string') return v;
  const text = get(v, 'text');
  return typeof text === 'string' ? text : '';
}

export const exportXlsx = (p: Period, lang: string, onProgress: (f: number | null) => void) =>
  download('/reporting/reports/export.xlsx', q(p, { lang }), `metrodesk-${p.cityCode ?? 'province'}-${p.from}-${p.to}.xlsx`, onProgress);

/** One change in the audit trail, already in words in the asked language (contracts/http/reporting.yaml AuditLine). */
export type AuditLine = Schemas['AuditLine'];
export type AuditOf = { enterpriseId: string } | { requestId: string };

export const auditPage = (of: AuditOf, lang: string, cursor?: string) =>
  api<{ items: AuditLine[]; nextCursor: string | null }>('/reporting/audit', { query: { ...of, lang, limit: 50, cursor } });

export const exportAudit = (of: AuditOf, lang: string, format: 'csv' | 'xlsx', onProgress?: (f: number | null) => void) =>
  download('/reporting/audit', { ...of, lang, format }, `metrodesk-audit-${'enterpriseId' in of ? of.enterpriseId : of.requestId}.${format}`, onProgress);
