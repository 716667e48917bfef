import ExcelJS from 'exceljs';
import { isProvinceWide, type Identity } from '@metrodesk/access';
import { ForbiddenError } from '@metrodesk/errors';
import { narrative, type Lang } from '../domain/narrative';
import type { Range } from '../domain/period';
import { TABLE_COLUMNS, toCsv, type Summary } from '../domain/report';
import type { ReportDeps } from './ports';
import { getCityTable } from './get-city-table';
import { getMonthlySeries } from './get-monthly-series';
import { reportRegion, summaryFor } from './report-scope';

export const EXPORT_TABLES = ['summary', 'cities', 'monthly'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export interface ExportQuery {
  region?: string;
  range: Range;
  lang: Lang;
  format: 'xlsx' | 'csv';
  table?: ExportTable;
}

/**
 * XLSX: one sheet per table (summary, cities for province-wide callers, monthly series) and
 * the narrative. CSV: one table, chosen by `table`.
 */
export async function exportReport(deps: ReportDeps, who: Identity, q: ExportQuery): Promise<{ body: Buffer; contentType: string; filename: string }> {
  const region = reportRegion(deps, who, q.region);
  const tables: Partial<Record<ExportTable, Summary[]>> = {};
  const wanted: ExportTable[] = q.format === 'csv' ? [q.table ?? 'summary'] : ['summary', 'monthly', ...(region.level === 'province' && isProvinceWide(who) ? (['cities'] as const) : [])];
  if (wanted.includes('cities') && (region.level !== 'province' || !isProvinceWide(who))) throw new ForbiddenError('The table of every city is for the provincial bureau.');
  const summary = summaryFor(deps, region, q.range);
  if (wanted.includes('summary')) tables.summary = [summary];
  if (wanted.includes('monthly')) tables.monthly = (getMonthlySeries(deps, who, { region: region.code, range: q.range })).months;
  if (wanted.includes('cities')) {
    const t = getCityTable(deps, who, q.range);
    tables.cities = [...t.rows, t.total];
  }
  const base = `metrodesk-report-${region.code}-${q.range.from}-${q.range.to}`;
  if (q.format === 'csv') {
    const table = wanted[0]!;
    return { body: toCsv(tables[table]!, q.lang), contentType: 'text/csv; charset=utf-8', filename: `${base}-${table}.csv` };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Metrodesk';
  const names: Record<ExportTable, Record<Lang, string>> = {
    summary: { 'zh-CN': '汇总', en: 'Summary' },
    cities: { 'zh-CN': '各市', en: 'Cities' },
    monthly: { 'zh-CN': '月度', en: 'Monthly' },
  };
  for (const table of EXPORT_TABLES) {
    const rows = tables[table];
    if (!rows) continue;
    const ws = wb.addWorksheet(names[table][q.lang]);
    ws.columns = TABLE_COLUMNS.map((c) => ({ header: q.lang === 'en' ? c.en : c.zh, key: c.key, width: Math.max(10, (q.lang === 'en' ? c.en : c.zh).length + 2) }));
    for (const r of rows) ws.addRow(Object.fromEntries(TABLE_COLUMNS.map((c) => [c.key, c.get(r, q.lang)])));
    ws.getRow(1).font = { bold: true };
  }
  const text = wb.addWorksheet(q.lang === 'en' ? 'Narrative' : '综述');
  text.getColumn(1).width = 120;
  text.addRow([narrative(summary, q.lang)]).alignment = { wrapText: true };
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  return { body, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: `${base}.xlsx` };
}
