import type { Identity } from '@metrodesk/access';
import { canSee } from '@metrodesk/access';
import type { Enterprise } from '../domain/enterprise';
import { activeCommitment, sign, type Records } from '../domain/records';
import { RECORD_MESSAGES, REVIEW_SHEET, SIGNING_SHEET, readReviewSheet, readSigningSheet, type RecordRowProblem } from '../domain/records-sheet';
import type { Lang } from '../domain/instrument-words';
import { bureauDay } from '../domain/outreach';
import type { AccountsDeps } from './ports';
import { requireBureau } from './access';
import { changeRecords } from './change-records';
import { ImportRejectedError } from './import-instruments';

type Sheet = { header: string[]; rows: string[][] };

/** The enterprise of each row's USCC, or a problem on that row's USCC column when it is unknown or outside the caller's area. */
async function enterprisesOf(deps: AccountsDeps, who: Identity, rows: { row: number; uscc: string }[], column: string, lang: Lang, problems: RecordRowProblem[]): Promise<Map<string, Enterprise>> {
  const stored = new Map<string, Enterprise | null>();
  // Each distinct USCC is looked up once, however many rows name it.
  for (const uscc of new Set(rows.map((r) => r.uscc))) stored.set(uscc, await deps.enterprises.findByUscc(uscc));
  const found = new Map<string, Enterprise>();
  for (const r of rows) {
    const e = stored.get(r.uscc);
    if (e && canSee(who, { cityCode: e.cityCode })) found.set(r.uscc, e);
    else problems.push({ row: r.row, field: 'uscc', column, message: (e ? RECORD_MESSAGES.outOfArea : RECORD_MESSAGES.unknown)[lang](r.uscc) });
  }
  return found;
}

/**
 * Stores each enterprise's new records, once every row has been checked. The writes are one per
 * enterprise (no multi-document transactions); an enterprise changed by someone else between the
 * check and its write is a 409 for the rows from that one on.
 */
async function writeAll(deps: AccountsDeps, changes: Map<string, { enterprise: Enterprise; change: (r: Records, newId: () => string) => Records }>): Promise<void> {
  for (const { enterprise, change } of changes.values()) await changeRecords(deps, enterprise, (r, { newId }) => change(r, newId), enterprise.version);
}

/** The caller is checked before the file is read (reading costs memory, its errors describe the file); then every row and its enterprise. */
async function readChecked<R extends { row: number; uscc: string }>(
  deps: AccountsDeps,
  who: Identity,
  readFile: () => Promise<Sheet>,
  readSheet: (header: string[], rows: string[][], today: string, lang: Lang) => { rows: R[]; problems: RecordRowProblem[] },
  usccColumn: string,
  lang: Lang,
) {
  requireBureau(who);
  const sheet = await readFile();
  const read = readSheet(sheet.header, sheet.rows, bureauDay(deps.now?.() ?? new Date()), lang);
  const problems = [...read.problems];
  const found = await enterprisesOf(deps, who, read.rows, usccColumn, lang, problems);
  return { read, problems, found };
}

const reject = (problems: RecordRowProblem[], lang: Lang) => new ImportRejectedError(problems.sort((a, b) => a.row - b.row), lang, RECORD_MESSAGES.rejected[lang]);

/** Integrity signings from a sheet, all or none: every row's fields, its enterprise and a standing signing are checked first. */
export async function importSignings(deps: AccountsDeps, who: Identity, readFile: () => Promise<Sheet>, lang: Lang): Promise<{ created: number }> {
  const { read, problems, found } = await readChecked(deps, who, readFile, readSigningSheet, SIGNING_SHEET.words.uscc[lang], lang);
  const changes = new Map<string, { enterprise: Enterprise; change: (r: Records, newId: () => string) => Records }>();
  const firstRow = new Map<string, number>();
  for (const row of read.rows) {
    const enterprise = found.get(row.uscc);
    if (!enterprise) continue;
    const say = (message: string) => problems.push({ row: row.row, field: 'uscc', column: SIGNING_SHEET.words.uscc[lang], message });
    const first = firstRow.get(row.uscc);
    if (first !== undefined) {
      say(RECORD_MESSAGES.repeated[lang](first));
      continue;
    }
    firstRow.set(row.uscc, row.row);
    const standing = activeCommitment(enterprise.records);
    if (standing) {
      say(RECORD_MESSAGES.committed[lang](standing.signedOn));
      continue;
    }
    changes.set(enterprise.id, { enterprise, change: (r, newId) => sign(r, { id: newId(), signedOn: row.signedOn, document: row.document }) });
  }
  if (problems.length > 0) throw reject(problems, lang);
  await writeAll(deps, changes);
  return { created: changes.size };
}

/** Energy-metrology reviews from a sheet, all or none: every row's fields and its enterprise (a key energy-using unit in the caller's area) are checked first. */
export async function importEnergyReviews(deps: AccountsDeps, who: Identity, readFile: () => Promise<Sheet>, lang: Lang): Promise<{ created: number }> {
  const column = REVIEW_SHEET.words.uscc[lang];
  const { read, problems, found } = await readChecked(deps, who, readFile, readReviewSheet, column, lang);
  const changes = new Map<string, { enterprise: Enterprise; change: (r: Records, newId: () => string) => Records }>();
  for (const row of read.rows) {
    const enterprise = found.get(row.uscc);
    if (!enterprise) continue;
    if (!enterprise.flags.keyEnergyUnit) {
      problems.push({ row: row.row, field: 'uscc', column, message: RECORD_MESSAGES.notKeyEnergy[lang](enterprise.name) });
      continue;
    }
    const { row: _row, uscc: _uscc, ...review } = row;
    const earlier = changes.get(enterprise.id)?.change ?? ((r: Records) => r);
    changes.set(enterprise.id, { enterprise, change: (r, newId) => { const before = earlier(r, newId); return { ...before, energyReviews: [...before.energyReviews, { id: newId(), ...review, followUpRequestIds: [] }] }; } });
  }
  if (problems.length > 0) throw reject(problems, lang);
  await writeAll(deps, changes);
  return { created: read.rows.length };
}
