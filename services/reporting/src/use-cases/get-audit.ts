import ExcelJS from 'exceljs';
import { isProvinceWide, requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError, ValidationError } from '@metrodesk/errors';
import { AUDIT_COLUMNS, auditLine, byTime, localTime, page, type AuditEntry, type AuditLine } from '../domain/audit';
import type { Lang } from '../domain/narrative';
import { csvTable } from '../domain/report';
import type { ReportDeps } from './ports';

export const AUDIT_KINDS = ['users', 'policies', 'calendars', 'rules'] as const;
export type AuditListKind = (typeof AUDIT_KINDS)[number];

export type AuditQuery = ({ enterpriseId: string } | { requestId: string } | { kind: AuditListKind; cityCode?: string }) & { lang: Lang };

/** The city a trail belongs to now: the newest entry that names one (a transfer moves a request). */
function cityOf(entries: AuditEntry[], kind: AuditEntry['kind']): string | null {
  const withCity = entries.filter((e) => e.kind === kind && e.cityCode !== null).sort(byTime);
  return withCity[withCity.length - 1]?.cityCode ?? null;
}

/**
 * The trail a manager may read: province-wide roles any, a city manager their own city's
 * enterprises, requests and users only. A trail of another city answers as if it did not
 * exist, so its existence is not disclosed either.
 */
async function trail(deps: ReportDeps, who: Identity, q: AuditQuery): Promise<AuditEntry[]> {
  requireRole(who, 'province_manager', 'admin', 'city_manager');
  const wide = isProvinceWide(who);
  if ('enterpriseId' in q) {
    const entries = await deps.audit.ofEnterprise(q.enterpriseId);
    const city = cityOf(entries, 'enterprise') ?? cityOf(entries, 'request');
    if (entries.length === 0 || (!wide && city !== who.cityCode)) throw new NotFoundError('enterprise', q.enterpriseId);
    return entries.sort(byTime);
  }
  if ('requestId' in q) {
    const entries = await deps.audit.ofRequest(q.requestId);
    if (entries.length === 0 || (!wide && cityOf(entries, 'request') !== who.cityCode)) throw new NotFoundError('request', q.requestId);
    return entries.sort(byTime);
  }
  // Policies and calendars are the province's: every manager works under them and may read their trail.
  if (q.kind === 'policies') return (await deps.audit.ofKind('policy')).sort(byTime);
  if (q.kind === 'calendars') return (await deps.audit.ofKind('calendar')).sort(byTime);
  if (!wide && q.cityCode && q.cityCode !== who.cityCode) throw new ValidationError([{ path: 'query.cityCode', message: `a city manager reads their own city (${who.cityCode}) only` }]);
  const cityCode = wide ? q.cityCode : who.cityCode;
  return (await deps.audit.ofKind(q.kind === 'rules' ? 'rules' : 'user', cityCode)).sort(byTime);
}

/** Everyone and every bureau the entries name, by id or code, so the lines can show names. */
async function linesOf(deps: ReportDeps, entries: AuditEntry[], lang: Lang): Promise<AuditLine[]> {
  const unnamed = entries.filter((e) => e.actor && !e.actor.name).map((e) => e.actor!.id);
  const liaisons = entries.flatMap((e) => e.changes.flatMap((c) => [c.before, c.after])).flatMap((v) => (v?.startsWith('liaisons:') ? v.slice(9).split(',') : []));
  const names = await deps.audit.names([...new Set([...unnamed, ...liaisons])]);
  const { province, cities } = deps.regions();
  for (const r of [province, ...cities]) names.set(r.code, lang === 'en' ? (r.nameEn ?? r.name) : r.name);
  return entries.map((e) => auditLine(e, names, lang));
}

export async function getAuditPage(deps: ReportDeps, who: Identity, q: AuditQuery & { cursor?: string; limit: number }): Promise<{ items: AuditLine[]; nextCursor: string | null }> {
  const entries = await trail(deps, who, q);
  if (q.cursor && !entries.some((e) => e.id === q.cursor)) throw new ValidationError([{ path: 'query.cursor', message: 'not a cursor of this trail' }]);
  const p = page(entries, q.cursor, q.limit);
  return { items: await linesOf(deps, p.items, q.lang), nextCursor: p.nextCursor };
}

/** The whole trail as a file, headings and values in the caller's language. */
export async function exportAudit(deps: ReportDeps, who: Identity, q: AuditQuery & { format: 'csv' | 'xlsx' }): Promise<{ body: Buffer; contentType: string; filename: string }> {
  const lines = (await linesOf(deps, await trail(deps, who, q), q.lang)).map((l) => ({ ...l, at: localTime(l.at) }));
  const heading = (c: (typeof AUDIT_COLUMNS)[number]) => (q.lang === 'en' ? c.en : c.zh);
  const about = 'enterpriseId' in q ? `enterprise-${q.enterpriseId}` : 'requestId' in q ? `request-${q.requestId}` : `${q.kind}-${q.cityCode ?? who.cityCode ?? 'all'}`;
  const base = `metrodesk-audit-${about}`;
  if (q.format === 'csv') {
    const body = csvTable(AUDIT_COLUMNS.map(heading), lines.map((l) => AUDIT_COLUMNS.map((c) => l[c.key])));
    return { body, contentType: 'text/csv; charset=utf-8', filename: `${base}.csv` };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Metrodesk';
  const ws = wb.addWorksheet(q.lang === 'en' ? 'Audit trail' : '审计记录');
  ws.columns = AUDIT_COLUMNS.map((c) => ({ header: heading(c), key: c.key, width: c.key === 'changes' ? 60 : 20 }));
  for (const l of lines) ws.addRow(Object.fromEntries(AUDIT_COLUMNS.map((c) => [c.key, l[c.key]])));
  ws.getRow(1).font = { bold: true };
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: `${base}.xlsx` };
}
