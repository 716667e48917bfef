import { actorFor, canSee, requireRole, type Identity } from '@metrodesk/access';
import { ValidationError, type FieldProblem } from '@metrodesk/errors';
import type { OutboxEntry } from '@metrodesk/events/model';
import { currentContext } from '@metrodesk/logger';
import { cellProblem, duplicateProblem, MAX_IMPORT_ROWS, parseImportRow, type ImportedHistory } from '../domain/import-history';
import type { ServiceRequest } from '../domain/request';
import type { Lang } from '../domain/words';
import { formatNumber, numberSeries, numberYear } from '../domain/number';
import { newRequest } from './file-request';
import { stableRequestId } from './file-from-problem';
import { importedEvent } from './request-events';
import type { EnterpriseView, RequestsDeps } from './ports';

export interface ImportReport {
  /** Rows that became requests now. */
  imported: number;
  /** Rows imported before (same city and reference): left as they are. */
  alreadyImported: number;
  requests: { row: number; externalRef: string; requestId: string; number: string | null }[];
}

const NOTE: Record<Lang, string> = { 'zh-CN': '从原系统导入的历史记录', en: 'History brought in from the earlier system' };

/** The imported request as the service keeps it: the whole story at once, no SLA, nobody assigned. */
function historyRequest(e: EnterpriseView, h: ImportedHistory, who: Identity, now: Date): ServiceRequest {
  const by = { userId: who.userId, role: who.role, name: who.name };
  // The id follows from the city and the reference: the same row imported twice, even by two
  // imports at once, meets itself on the unique _id.
  const base = newRequest(e, { category: h.category, title: h.title, description: h.description, priority: h.priority }, by, h.filedAt, stableRequestId(`import:${e.cityCode}:${h.externalRef}`));
  const step = (at: Date, action: 'respond' | 'resolve' | 'return_visit_satisfied' | 'return_visit_unsatisfied' | 'close_no_answer', from: ServiceRequest['state'], to: ServiceRequest['state']) => ({
    at,
    by: who.userId,
    byRole: who.role,
    byName: who.name ?? null,
    action,
    from,
    to,
    note: NOTE['zh-CN'],
  });
  const history = [...base.history];
  if (h.respondedAt) history.push(step(h.respondedAt, 'respond', 'filed', 'responded'));
  history.push(step(h.resolvedAt, 'resolve', h.respondedAt ? 'responded' : 'filed', 'resolved'));
  if (h.closedAt) history.push(step(h.closedAt, h.satisfied === null ? 'close_no_answer' : h.satisfied ? 'return_visit_satisfied' : 'return_visit_unsatisfied', 'resolved', 'closed'));
  return {
    ...base,
    state: h.state,
    respondedAt: h.respondedAt,
    solution: { text: h.solutionText, solved: h.solved, kind: h.solutionKind, by: who.userId, at: h.resolvedAt },
    returnVisits:
      h.satisfaction !== null && h.closedAt
        ? [{ cycle: 1, satisfaction: h.satisfaction, satisfied: h.satisfied === true, comment: null, contactName: null, by: who.userId, byRole: who.role, at: h.closedAt }]
        : [],
    outcome: h.outcome,
    closedAt: h.closedAt,
    history,
    updatedAt: now,
    imported: { externalRef: h.externalRef, instrumentsVerified: h.instrumentsVerified, freeOfCharge: h.freeOfCharge, by: who.userId, at: now },
  };
}

/**
 * Imports past requests, all or nothing: every row is checked (its cells, its enterprise in
 * the caller's scope, its reference unique in the file) before anything is written, and one
 * bad row refuses the whole import with every problem named by row and column. A row whose
 * city and reference were imported before is counted and left alone, so the same file sent
 * twice, or again after an outage cut an import short, adds each request once.
 */
export async function importHistory(deps: RequestsDeps, who: Identity, rows: unknown[], lang: Lang): Promise<ImportReport> {
  requireRole(who, 'city_manager', 'province_manager', 'admin');
  if (rows.length === 0) throw new ValidationError([{ path: 'rows', message: lang === 'en' ? 'The import has no rows.' : '导入内容没有任何行。' }]);
  if (rows.length > MAX_IMPORT_ROWS) throw new ValidationError([{ path: 'rows', message: lang === 'en' ? `At most ${MAX_IMPORT_ROWS} rows per import (this one has ${rows.length}).` : `每次最多导入 ${MAX_IMPORT_ROWS} 行（本次 ${rows.length} 行）。` }]);
  const now = deps.now?.() ?? new Date();
  const problems: FieldProblem[] = [];
  const checked: { row: number; h: ImportedHistory; e: EnterpriseView }[] = [];
  const firstRowOf = new Map<string, number>();
  for (const [i, raw] of rows.entries()) {
    const row = i + 1;
    const parsed = parseImportRow(raw, row, now, lang);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const h = parsed.value;
    const e = await deps.enterprises.findById(h.enterpriseId);
    if (!e || !canSee(who, { cityCode: e.cityCode, enterpriseId: e.id })) {
      problems.push(cellProblem(row, 'enterpriseId', lang === 'en' ? `no enterprise ${h.enterpriseId} in your area` : `您的辖区内没有企业 ${h.enterpriseId}`, lang));
      continue;
    }
    const key = `${e.cityCode}:${h.externalRef}`;
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      problems.push(duplicateProblem(row, first, lang));
      continue;
    }
    firstRowOf.set(key, row);
    checked.push({ row, h, e });
  }
  if (problems.length > 0) throw new ValidationError(problems, lang === 'en' ? `The import was refused: ${problems.length} problem(s); nothing was imported.` : `导入未进行：共 ${problems.length} 处问题，未导入任何记录。`);

  const report: ImportReport = { imported: 0, alreadyImported: 0, requests: [] };
  const fresh: { row: number; r: ServiceRequest }[] = [];
  const known = new Map<string, Set<string>>();
  for (const city of new Set(checked.map((c) => c.e.cityCode))) known.set(city, await deps.requests.importedRefs(city));
  for (const { row, h, e } of checked) {
    if (known.get(e.cityCode)!.has(h.externalRef)) report.alreadyImported += 1;
    else fresh.push({ row, r: historyRequest(e, h, who, now) });
  }
  // Numbers of each city and year in one step per series, in filing order, so a year's
  // imported requests number in the order they were filed.
  fresh.sort((a, b) => a.r.filedAt.getTime() - b.r.filedAt.getTime() || a.row - b.row);
  const bySeries = new Map<string, { row: number; r: ServiceRequest }[]>();
  for (const f of fresh) {
    const s = numberSeries(f.r.cityCode, numberYear(f.r.filedAt));
    bySeries.set(s, [...(bySeries.get(s) ?? []), f]);
  }
  for (const list of bySeries.values()) {
    const { cityCode, filedAt } = list[0]!.r;
    const year = numberYear(filedAt);
    const first = await deps.numbers.reserve(numberSeries(cityCode, year), list.length);
    list.forEach((f, k) => (f.r = { ...f.r, number: formatNumber(cityCode, year, first + k) }));
  }
  const correlationId = currentContext().correlationId;
  const actor = actorFor(who);
  fresh.sort((a, b) => a.row - b.row);
  const items: { request: ServiceRequest; events: OutboxEntry[] }[] = fresh.map(({ r }) => ({ request: r, events: [importedEvent(r, correlationId, actor)] }));
  const created = await deps.requests.insertImported(items);
  // Fewer stored than sent only when another import of the same rows ran at the same time.
  const raced = created !== fresh.length;
  for (const { row, r } of fresh) {
    const ours = !raced || (await deps.requests.findById(r.id)) !== null;
    if (ours) report.requests.push({ row, externalRef: r.imported!.externalRef, requestId: r.id, number: r.number });
  }
  report.imported = report.requests.length;
  report.alreadyImported += fresh.length - report.requests.length;
  return report;
}
