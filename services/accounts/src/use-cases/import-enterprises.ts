import { actorFor, canSee, type Identity } from '@metrodesk/access';
import { DomainError, ValidationError, VersionConflictError, type FieldProblem } from '@metrodesk/errors';
import type { Enterprise } from '../domain/enterprise';
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

/** Rows inserted per insertMany call. */
const INSERT_BATCH = 500;
/** Rows whose USCC is already taken are written this many at a time (each its own document). */
const WRITE_CONCURRENCY = 4;

type Parsed = { row: number; data: ImportRow };

/**
 * Upserts enterprises keyed by USCC. Each row is one single-document write (state and
 * events together), so a row is either stored whole or not at all; a bad row is reported
 * and the others go on. Importing the same file again changes nothing and publishes nothing.
 *
 * The whole file is looked up once, a city at a time, rather than a chunk at a time, so an
 * import costs one look-up per city however long the file is (the repository's
 * findByUsccInCity chooses how).
 */
export async function importEnterprises(deps: AccountsDeps, who: Identity, table: { header: string[]; rows: string[][] }): Promise<ImportReport> {
  requireBureau(who);
  const columns = mapHeader(table.header);
  const regions = await deps.regions.current();
  const now = deps.now?.() ?? new Date();
  const out: ImportReportRow[] = [];
  const parsed: Parsed[] = [];
  table.rows.forEach((cells, i) => {
    // The header is row 1 of the spreadsheet.
    const row = i + 2;
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

  const existing = await lookUpByCity(deps, parsed);
  const fresh: (Parsed & ReturnType<typeof newEnterprise>)[] = [];
  const freshUsccs = new Set<string>();
  // Rows of a USCC already stored (or taken meanwhile), grouped so repeats within the file apply in file order.
  const known = new Map<string, { rows: Parsed[]; stored?: Enterprise }>();
  for (const p of parsed) {
    const group = known.get(p.data.uscc);
    if (group) group.rows.push(p);
    else if (existing.has(p.data.uscc)) known.set(p.data.uscc, { rows: [p], stored: existing.get(p.data.uscc) });
    else if (freshUsccs.has(p.data.uscc)) known.set(p.data.uscc, { rows: [p] });
    else {
      freshUsccs.add(p.data.uscc);
      fresh.push({ ...p, ...newEnterprise({ ...p.data.fields, flags: p.data.flags }, p.data.uscc, regions, now, actorFor(who)) });
    }
  }
  for (let start = 0; start < fresh.length; start += INSERT_BATCH) {
    const batch = fresh.slice(start, start + INSERT_BATCH);
    const taken = new Set((await deps.enterprises.insertMany(batch.map(({ enterprise, events }) => ({ enterprise, events })))).taken);
    for (const f of batch) {
      if (!taken.has(f.data.uscc)) out.push({ row: f.row, uscc: f.data.uscc, outcome: 'created', id: f.enterprise.id });
      else {
        // Stored in another city than the row says, or registered meanwhile: handled like a known one.
        const group = known.get(f.data.uscc);
        if (group) group.rows.unshift(f);
        else known.set(f.data.uscc, { rows: [f] });
      }
    }
    if (batch.length > taken.size) deps.notify();
  }
  const groups = [...known.values()];
  await inParallel(groups, WRITE_CONCURRENCY, async ({ rows, stored }) => {
    for (const [i, p] of rows.entries()) out.push(await upsertOne(deps, who, p.row, p.data, now, i === 0 ? stored : undefined));
  });
  out.sort((a, b) => a.row - b.row);
  const summary = { rows: out.length, created: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const r of out) summary[r.outcome] += 1;
  return { summary, rows: out };
}

/** The stored enterprises among the rows' USCCs, found in the city each row names. */
async function lookUpByCity(deps: AccountsDeps, parsed: Parsed[]): Promise<Map<string, Enterprise>> {
  const byCity = new Map<string, string[]>();
  for (const p of parsed) {
    const list = byCity.get(p.data.fields.cityCode) ?? [];
    list.push(p.data.uscc);
    byCity.set(p.data.fields.cityCode, list);
  }
  const found = new Map<string, Enterprise>();
  for (const [cityCode, usccs] of byCity) for (const e of await deps.enterprises.findByUsccInCity(cityCode, usccs)) found.set(e.uscc, e);
  return found;
}

async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

const failed = (row: number, uscc: string | null, err: DomainError): ImportReportRow => ({
  row,
  uscc,
  outcome: 'failed',
  errors: err instanceof ValidationError ? err.fields : [{ path: '(row)', message: err.message }],
});

async function upsertOne(deps: AccountsDeps, who: Identity, row: number, data: ImportRow, now: Date, known?: Enterprise): Promise<ImportReportRow> {
  const uscc = data.uscc;
  // One retry, on a fresh read, covers a concurrent edit between the read and the write.
  for (let attempt = 0; ; attempt++) {
    try {
      const current = attempt === 0 && known ? known : await deps.enterprises.findByUscc(uscc);
      if (!current) {
        const { enterprise, events } = newEnterprise({ ...data.fields, flags: data.flags }, uscc, await deps.regions.current(), now, actorFor(who));
        await deps.enterprises.insert(enterprise, events);
        deps.notify();
        return { row, uscc, outcome: 'created', id: enterprise.id };
      }
      if (!canSee(who, { cityCode: current.cityCode })) {
        return { row, uscc, outcome: 'failed', errors: [{ path: 'uscc', message: 'this enterprise is registered in another city; only that city or the province can change it' }] };
      }
      const saved = await saveChange(deps, current, planChange(current, data.fields, data.flags, now), current.version, now, actorFor(who));
      return { row, uscc, outcome: saved === current ? 'unchanged' : 'updated', id: current.id };
    } catch (err) {
      if (err instanceof VersionConflictError && attempt === 0) continue;
      if (!(err instanceof DomainError)) throw err;
      return failed(row, uscc, err);
    }
  }
}
