import { canSee, type Identity } from '@metrodesk/access';
import { DomainError, ValidationError, VersionConflictError, type FieldProblem } from '@metrodesk/errors';
import type { Enterprise, RegionData } from '../domain/enterprise';
import { planChange } from '../domain/changes';
import { mapHeader, parseImportRow, type ImportRow } from '../domain/import-row';
import type { AccountsDeps } from './ports';
import { requireBureau, requireCity } from './access';
import { newEnterprise } from './register-enterprise';
import { saveChange } from './save-change';

export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'failed';

export interface ImportReportRow {
  /** The row number as a spreadsheet shows it: the header is row 1. */
  row: number;
  uscc: string | null;
  outcome: ImportOutcome;
  id?: string;
  errors?: FieldProblem[];
}

export interface ImportReport {
  summary: Record<ImportOutcome, number> & { rows: number };
  rows: ImportReportRow[];
}

const CHUNK = 500;

/**
 * Upserts enterprises keyed by USCC. Each row is one single-document write (state and
 * events together), so a row is either stored whole or not at all; a bad row is reported
 * and the others go on. Importing the same file again changes nothing and publishes nothing.
 */
export async function importEnterprises(deps: AccountsDeps, who: Identity, table: { header: string[]; rows: string[][] }): Promise<ImportReport> {
  requireBureau(who);
  const columns = mapHeader(table.header);
  const regions = await deps.regions.current();
  const report: ImportReportRow[] = [];
  for (let start = 0; start < table.rows.length; start += CHUNK) {
    report.push(...(await importChunk(deps, who, regions, columns, table.rows.slice(start, start + CHUNK), start + 2)));
  }
  const summary = { rows: report.length, created: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const r of report) summary[r.outcome] += 1;
  return { summary, rows: report };
}

const failed = (row: number, uscc: string | null, err: DomainError): ImportReportRow => ({
  row,
  uscc,
  outcome: 'failed',
  errors: err instanceof ValidationError ? err.fields : [{ path: '(row)', message: err.message }],
});

async function importChunk(deps: AccountsDeps, who: Identity, regions: RegionData, columns: ReturnType<typeof mapHeader>, rows: string[][], firstRow: number): Promise<ImportReportRow[]> {
  const now = deps.now?.() ?? new Date();
  const out: ImportReportRow[] = [];
  const parsed: { row: number; data: ImportRow }[] = [];
  rows.forEach((cells, i) => {
    const row = firstRow + i;
    if (cells.every((c) => !c || !c.trim())) return;
    try {
      const data = parseImportRow(columns, cells, regions);
      requireCity(who, data.fields.cityCode, 'import enterprises');
      parsed.push({ row, data });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      out.push(failed(row, cells[columns.indexOf('uscc')]?.trim() || null, err));
    }
  });
  // Rows whose USCC is new are inserted together; known ones (and repeats within the file) go one by one.
  const existing = new Map((await deps.enterprises.findManyByUscc(parsed.map((p) => p.data.uscc))).map((e) => [e.uscc, e]));
  const fresh: { row: number; data: ImportRow; enterprise: Enterprise; events: ReturnType<typeof newEnterprise>['events'] }[] = [];
  const oneByOne: { row: number; data: ImportRow; known?: Enterprise }[] = [];
  const inBatch = new Set<string>();
  for (const p of parsed) {
    if (existing.has(p.data.uscc) || inBatch.has(p.data.uscc)) {
      // A repeat within the file must see what the earlier row wrote, so only the first is known.
      oneByOne.push({ ...p, known: inBatch.has(p.data.uscc) ? undefined : existing.get(p.data.uscc) });
      inBatch.add(p.data.uscc);
      continue;
    }
    inBatch.add(p.data.uscc);
    fresh.push({ ...p, ...newEnterprise({ ...p.data.fields, flags: p.data.flags }, p.data.uscc, regions, now) });
  }
  const { taken } = await deps.enterprises.insertMany(fresh.map(({ enterprise, events }) => ({ enterprise, events })));
  for (const f of fresh) {
    if (taken.includes(f.data.uscc)) oneByOne.push(f);
    else out.push({ row: f.row, uscc: f.data.uscc, outcome: 'created', id: f.enterprise.id });
  }
  if (fresh.length > taken.length) deps.notify();
  for (const p of oneByOne) out.push(await upsertOne(deps, who, p.row, p.data, now, p.known));
  return out.sort((a, b) => a.row - b.row);
}

async function upsertOne(deps: AccountsDeps, who: Identity, row: number, data: ImportRow, now: Date, known?: Enterprise): Promise<ImportReportRow> {
  const uscc = data.uscc;
  // One retry, on a fresh read, covers a concurrent edit between the read and the write.
  for (let attempt = 0; ; attempt++) {
    try {
      const current = attempt === 0 && known ? known : await deps.enterprises.findByUscc(uscc);
      if (!current) {
        const { enterprise, events } = newEnterprise({ ...data.fields, flags: data.flags }, uscc, await deps.regions.current(), now);
        await deps.enterprises.insert(enterprise, events);
        deps.notify();
        return { row, uscc, outcome: 'created', id: enterprise.id };
      }
      if (!canSee(who, { cityCode: current.cityCode })) {
        return { row, uscc, outcome: 'failed', errors: [{ path: 'uscc', message: 'this enterprise is registered in another city; only that city or the province can change it' }] };
      }
      const saved = await saveChange(deps, current, planChange(current, data.fields, data.flags, now), current.version, now);
      return { row, uscc, outcome: saved === current ? 'unchanged' : 'updated', id: current.id };
    } catch (err) {
      if (err instanceof VersionConflictError && attempt === 0) continue;
      if (!(err instanceof DomainError)) throw err;
      return failed(row, uscc, err);
    }
  }
}
