import type { FieldProblem } from '@metrodesk/errors';
import { FIGURES, type ActivityInput, type Figure } from './activity';
import { COLUMN_WORDS, venueKindOf, type Column } from './words';
import type { Regions } from './regions';

/** Columns an import reads; campaign, programme and request columns of an export are ignored. */
const READ: Column[] = ['city', 'date', 'venueKind', ...FIGURES, 'notes'];
const REQUIRED: Column[] = ['date', 'venueKind', 'instrumentsChecked'];

const squash = (s: string) => s.trim().replace(/[\s_]/g, '').toLowerCase();
const HEADERS = new Map<string, Column>(READ.flatMap((c) => [[squash(c), c], [squash(COLUMN_WORDS[c]['zh-CN']), c], [squash(COLUMN_WORDS[c].en), c]] as [string, Column][]));

export function mapHeader(cells: string[]): { columns: (Column | null)[]; missing: Column[] } {
  const columns = cells.map((c) => HEADERS.get(squash(c)) ?? null);
  return { columns, missing: REQUIRED.filter((r) => !columns.includes(r)) };
}

export type RawRow = Partial<Record<Column, string>>;

export function toRawRow(columns: (Column | null)[], cells: string[]): RawRow {
  const row: RawRow = {};
  columns.forEach((c, i) => {
    if (c) row[c] = (cells[i] ?? '').trim();
  });
  return row;
}

const DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
/** Date.parse rolls 2026-02-30 over to March: only a date that reads back the same is real. */
const realDate = (iso: string) => {
  const t = Date.parse(`${iso}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === iso;
};

/** A sheet row as an activity, or what is wrong with it (field names as in the HTTP API). */
export function parseRow(raw: RawRow, regions: Regions, defaultCity: string | undefined): { ok: true; input: ActivityInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  let cityCode = defaultCity;
  if (raw.city) {
    cityCode = regions.findCity(raw.city) ?? undefined;
    if (!cityCode) problems.push({ path: 'cityCode', message: `${raw.city} is not a city of the province` });
  } else if (!cityCode) problems.push({ path: 'cityCode', message: 'name the city' });
  const d = DATE.exec(raw.date ?? '');
  const date = d ? `${d[1]}-${d[2]!.padStart(2, '0')}-${d[3]!.padStart(2, '0')}` : '';
  if (!d || !realDate(date)) problems.push({ path: 'date', message: 'must be a date YYYY-MM-DD' });
  const venueKind = venueKindOf(raw.venueKind ?? '');
  if (!venueKind) problems.push({ path: 'venueKind', message: `${raw.venueKind ?? ''} is not a venue kind (集贸市场, 商场超市, 餐饮, 医院, 学校, 社区, 企业, 其他)` });
  const figures = {} as Record<Figure, number>;
  for (const f of FIGURES) {
    const text = raw[f] ?? '';
    const n = text === '' ? 0 : Number(text.replace(/,/g, ''));
    if (!Number.isInteger(n) || n < 0 || n > 10_000_000) problems.push({ path: f, message: 'must be a whole number from 0' });
    figures[f] = n;
  }
  if (problems.length > 0 || !cityCode || !venueKind) return { ok: false, problems };
  return { ok: true, input: { cityCode, date, venueKind, ...figures, problems: [], notes: raw.notes ? raw.notes.slice(0, 2000) : null } };
}
