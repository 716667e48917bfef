// reporting branch: no contract yet when this was written. Its domain (services/reporting/src/
// domain/figures.ts) keeps raw counts (responseDue, respondedWithin24h, …) and member counts
// (served); normalizeFigures accepts those or ready-made rates, under the names listed below,
// so a renamed field needs one line here and nothing in the screens.
import { api, download } from './http';

export interface Figures {
  enterprisesServed: number | null;
  problemsSolved: number | null;
  solutions: number | null;
  requests: number | null;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  breaches: number | null;
  escalations: number | null;
  peopleTrained: number | null;
  qualificationFiles: number | null;
}

export interface CityRow extends Figures {
  cityCode: string;
}

export interface SeriesPoint extends Figures {
  period: string;
}

export interface Period {
  from: string;
  to: string;
  cityCode?: string;
}

type Raw = Record<string, unknown>;

function get(o: unknown, path: string): unknown {
  let cur: unknown = o;
  for (const k of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Raw)[k];
  }
  return cur;
}

function num(o: unknown, ...paths: string[]): number | null {
  for (const p of paths) {
    const v = get(o, p);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

function rateOf(o: unknown, ready: string[], count: string[], of: string[]): number | null {
  const r = num(o, ...ready);
  if (r !== null) return r <= 1 && r > 0 && !Number.isInteger(r) ? Math.round(r * 1000) / 10 : r;
  const c = num(o, ...count);
  const n = num(o, ...of);
  return c !== null && n ? Math.round((c * 1000) / n) / 10 : null;
}

function sum(...xs: (number | null)[]): number | null {
  const present = xs.filter((x): x is number => x !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) : null;
}

export function normalizeFigures(raw: unknown): Figures {
  const f = get(raw, 'figures') && typeof get(raw, 'figures') === 'object' ? { ...(raw as Raw), ...(get(raw, 'figures') as Raw) } : raw;
  return {
    enterprisesServed: num(f, 'enterprisesServed', 'served', 'counts.served', 'members.served'),
    problemsSolved: num(f, 'problemsSolved', 'solved'),
    solutions: num(f, 'solutions', 'solutionsProvided'),
    requests: num(f, 'requests', 'requestsFiled'),
    responseRate: rateOf(f, ['responseWithin24hRate', 'responseRate', 'rates.response', 'rates.responseWithin24h'], ['respondedWithin24h'], ['responseDue']),
    resolutionRate: rateOf(f, ['resolutionOnTimeRate', 'resolutionRate', 'rates.resolution', 'rates.resolutionOnTime'], ['resolvedOnTime'], ['resolutionsTimed']),
    satisfactionRate: rateOf(f, ['satisfactionRate', 'rates.satisfaction'], ['satisfied'], ['returnVisits']),
    breaches: num(f, 'breaches') ?? sum(num(f, 'breachesResponse'), num(f, 'breachesResolution')),
    escalations: num(f, 'escalations') ?? sum(num(f, 'escalationsCity'), num(f, 'escalationsProvince')),
    peopleTrained: num(f, 'peopleTrained', 'trained'),
    qualificationFiles: num(f, 'qualificationFiles', 'files'),
  };
}

/** A bare array, or the array under rows / points / items / cities / series. */
export function rowsOf(v: unknown): Raw[] {
  if (Array.isArray(v)) return v as Raw[];
  for (const k of ['rows', 'points', 'items', 'cities', 'series', 'months']) {
    const x = get(v, k);
    if (Array.isArray(x)) return x as Raw[];
  }
  return [];
}

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
