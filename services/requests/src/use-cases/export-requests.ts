import ExcelJS from 'exceljs';
import { scopeFilter, type Identity } from '@metrodesk/access';
import type { ServiceRequest } from '../domain/request';
import { CATEGORY_WORDS, PRIORITY_WORDS, SLA_WORDS, STATE_WORDS, type Lang } from '../domain/words';
import type { RequestFilter, RequestsDeps } from './ports';

/** A workbook is for reading and filtering in a spreadsheet, not a backup: beyond this, narrow the filter. */
export const EXPORT_MAX_ROWS = 5000;

const SHANGHAI = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
/** Local time in the bureau's zone, as people read it: 2026-03-01 16:00. */
const local = (d: Date | null) => (d ? SHANGHAI.format(new Date(d)) : '');

type Column = { zh: string; en: string; width: number; get: (r: ServiceRequest, lang: Lang, deps: RequestsDeps) => string | number };

const COLUMNS: Column[] = [
  { zh: '编号', en: 'Number', width: 20, get: (r, lang) => r.number ?? (lang === 'en' ? '(none)' : '（无）') },
  { zh: '标题', en: 'Title', width: 36, get: (r) => r.title },
  { zh: '企业', en: 'Enterprise', width: 30, get: (r, lang) => r.enterpriseName ?? (lang === 'en' ? '(name not known)' : '（名称未知）') },
  { zh: '城市', en: 'City', width: 12, get: (r, lang, deps) => deps.regionName(r.cityCode, lang) },
  { zh: '类别', en: 'Category', width: 20, get: (r, lang) => CATEGORY_WORDS[r.category][lang] },
  { zh: '优先级', en: 'Priority', width: 10, get: (r, lang) => PRIORITY_WORDS[r.priority][lang] },
  { zh: '状态', en: 'State', width: 14, get: (r, lang) => STATE_WORDS[r.state][lang] },
  {
    zh: '承办人',
    en: 'Assignee',
    width: 14,
    get: (r, lang) => (r.assigneeId ? (r.assigneeName ?? (lang === 'en' ? '(name not known)' : '（姓名未知）')) : lang === 'en' ? 'Unassigned' : '未派单'),
  },
  { zh: '提交时间', en: 'Filed', width: 18, get: (r) => local(r.filedAt) },
  { zh: '时限状态', en: 'SLA', width: 10, get: (r, lang) => SLA_WORDS[r.sla.state][lang] },
  { zh: '最近时限', en: 'Next deadline', width: 18, get: (r) => local(r.sla.nextDeadline) },
  { zh: '办结时间', en: 'Closed', width: 18, get: (r) => local(r.closedAt) },
];

export type ExportFormat = 'xlsx' | 'csv';

/** One CSV field: quoted when it holds a separator, a quote or a line break (RFC 4180). */
const csvField = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

/**
 * The requests the caller's list would show with these filters, in the caller's language: one
 * sheet, or CSV in UTF-8 with a byte-order mark (without it Excel reads Chinese as mojibake).
 */
export async function exportRequests(deps: RequestsDeps, who: Identity, f: Omit<RequestFilter, 'scope'>, lang: Lang, format: ExportFormat = 'xlsx'): Promise<{ body: Buffer; filename: string }> {
  const rows = await deps.requests.listAll({ ...f, scope: scopeFilter(who, { city: 'cityCode', enterprise: 'enterpriseId' }) }, EXPORT_MAX_ROWS);
  const day = local(deps.now?.() ?? new Date()).slice(0, 10);
  const headings = COLUMNS.map((c) => (lang === 'en' ? c.en : c.zh));
  const values = rows.map((r) => COLUMNS.map((c) => c.get(r, lang, deps)));
  if (format === 'csv') {
    const lines = [headings, ...values].map((line) => line.map(csvField).join(','));
    return { body: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'), filename: `metrodesk-requests-${day}.csv` };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Metrodesk';
  const ws = wb.addWorksheet(lang === 'en' ? 'Requests' : '服务请求');
  ws.columns = COLUMNS.map((c, i) => ({ header: headings[i], width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const v of values) ws.addRow(v);
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), filename: `metrodesk-requests-${day}.xlsx` };
}
