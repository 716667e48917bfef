import type { Identity } from '@metrodesk/access';
import { DomainError } from '@metrodesk/errors';
import { readSheet, type RowProblem } from '../domain/instrument-import';
import { IMPORT_MESSAGES, INSTRUMENT_SHEET, type Lang } from '../domain/instrument-words';
import { bureauDay } from '../domain/outreach';
import type { AccountsDeps } from './ports';
import { getEnterprise } from './get-enterprise';
import { requireInstrumentKeeper } from './instrument-access';
import { newInstrument } from './register-instrument';

/** The file was refused as a whole; `errors` names each row and column, in the reader's language. */
export class ImportRejectedError extends DomainError {
  constructor(problems: Array<Omit<RowProblem, 'field'> & { field: string }>, lang: Lang, rejected: (rows: number) => string = IMPORT_MESSAGES.rejected[lang]) {
    const rows = new Set(problems.map((p) => p.row)).size;
    super('import_rejected', 400, rejected(rows), {
      errors: problems.map((p) => ({ path: `rows[${p.row}].${p.field}`, ...p })),
    });
  }
}

/**
 * Registers every instrument of a sheet, or none: one bad row refuses the whole file, so the
 * enterprise corrects it and uploads the same file again without asking which rows went in.
 */
export async function importInstruments(deps: AccountsDeps, who: Identity, enterpriseId: string, readFile: () => Promise<{ header: string[]; rows: string[][] }>, lang: Lang): Promise<{ created: number }> {
  // The caller and the enterprise are checked before the file is read: reading costs memory, and its errors describe the file.
  requireInstrumentKeeper(who);
  const enterprise = await getEnterprise(deps, who, enterpriseId);
  const sheet = await readFile();
  const now = deps.now?.() ?? new Date();
  const read = readSheet(sheet.header, sheet.rows, await deps.instruments.serialsOf(enterpriseId), bureauDay(now), lang);
  if (read.problems.length > 0) throw new ImportRejectedError(read.problems, lang);
  const instruments = read.rows.map((r) => newInstrument(enterprise, r.fields, now));
  const { taken } = await deps.instruments.insertAll(instruments);
  if (taken.length > 0) {
    throw new ImportRejectedError(
      taken.map((i) => ({ row: read.rows[i]!.row, field: 'serialNo', column: INSTRUMENT_SHEET.words.serialNo[lang], message: IMPORT_MESSAGES.registered[lang]() })),
      lang,
    );
  }
  return { created: instruments.length };
}
