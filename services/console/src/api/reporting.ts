// reporting branch: no contract yet when this was written. Its domain (services/reporting/src/
// domain/figures.ts) keeps raw counts (responseDue, respondedWithin24h, …) and member counts
// (served); normalizeFigures (lib/figures.ts) accepts those or ready-made rates, so a renamed
// field needs one line there and nothing in the screens.
import { api, download } from './http';
import { normalizeFigures, rowsOf, get, type CityRow, type Period, type SeriesPoint } from '../lib/figures';

export { normalizeFigures, rowsOf };
export type { Figures, CityRow, Period, SeriesPoint } from '../lib/figures';

export const summary = async (p: Period) => normalizeFigures(await api<unknown>('/reporting/figures', { query: { ...p } }));

export const byCity = async (p: Period): Promise<CityRow[]> =>
  rowsOf(await api<unknown>('/reporting/figures/by-city', { query: { ...p } })).map((r) => ({ cityCode: String(r.cityCode ?? r.city ?? r.key ?? ''), ...normalizeFigures(r) }));

export const series = async (p: Period): Promise<SeriesPoint[]> =>
  rowsOf(await api<unknown>('/reporting/figures/series', { query: { ...p, interval: 'month' } })).map((r) => ({ period: String(r.period ?? r.month ?? r.key ?? ''), ...normalizeFigures(r) }));

export async function narrative(p: Period, lang: string): Promise<string> {
  const v = await api<unknown>('/reporting/narrative', { query: { ...p, lang } });
  if (typeof v === 'string') return v;
  const text = get(v, 'text') ?? get(v, lang) ?? get(v, lang === 'en' ? 'en' : 'zhCN') ?? get(v, 'zh-CN');
  return typeof text === 'string' ? text : '';
}

export const exportXlsx = (p: Period, onProgress: (f: number | null) => void) =>
  download('/reporting/export', { ...p, format: 'xlsx' }, `metrodesk-${p.from}-${p.to}.xlsx`, onProgress);
