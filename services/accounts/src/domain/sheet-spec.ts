import type { Lang, Words } from '@metrodesk/contracts';

/**
 * An import sheet as people see it: its columns in template order, those that must be filled,
 * each column's heading and what to enter in both languages, and the longest text a column takes.
 */
export interface SheetSpec<C extends string> {
  columns: readonly C[];
  required: readonly C[];
  words: Record<C, Words>;
  help: Record<C, Words>;
  maxLength: Partial<Record<C, number>>;
}

export const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Which column holds which field: headings in either language or the field names themselves. */
export function matchHeader<C extends string>(spec: SheetSpec<C>, header: string[]): { index: Partial<Record<C, number>>; missing: C[] } {
  const index: Partial<Record<C, number>> = {};
  header.forEach((h, i) => {
    const heading = norm(h);
    const column = spec.columns.find((c) => [c, spec.words[c]['zh-CN'], spec.words[c].en].some((w) => norm(w) === heading));
    if (column && index[column] === undefined) index[column] = i;
  });
  return { index, missing: spec.required.filter((c) => index[c] === undefined) };
}

/** One row's cells by column ('' for a column the sheet lacks). */
export const cellsOf = <C extends string>(spec: SheetSpec<C>, index: Partial<Record<C, number>>, cells: string[]): Record<C, string> =>
  Object.fromEntries(spec.columns.map((c) => [c, index[c] === undefined ? '' : (cells[index[c]!] ?? '')])) as Record<C, string>;

/** Excel counts days from 1899-12-30; a date typed into a column formatted as text or number arrives as that count. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

export function realDay(value: string): string | undefined {
  if (/^\d{5}$/.test(value.trim())) return new Date(EXCEL_EPOCH + Number(value) * 86_400_000).toISOString().slice(0, 10);
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return undefined;
  return t.toISOString().slice(0, 10);
}

/** Words said alike in each language, from one sentence per language. */
export const inBoth = (say: (lang: Lang) => string): Words => ({ 'zh-CN': say('zh-CN'), en: say('en') });

/** The guide's words for a column that may stay blank, and for a day that cannot be in the future. */
export const OPTIONAL_HELP: Words = { 'zh-CN': '可空', en: 'optional' };
export const PAST_DAY_HELP: Words = { 'zh-CN': '日期，如 2026-03-15，不能晚于今天', en: 'a date such as 2026-03-15, not after today' };
