import type { Identity } from '@metrodesk/access';
import { DomainError, ValidationError, type FieldProblem } from '@metrodesk/errors';
import { dataRows, emptyTally, tallyRow, type ImportTally, type RowStatus } from '@metrodesk/tables';
import { maskId, personKey } from '@metrodesk/privacy';
import { mapHeader, parseRow, toRawRow } from '../domain/import-row';
import { applyAttendance } from './apply-attendance';
import { addEnrolment } from './enrol-person';
import { organisedSession } from './get-session';
import type { TrainingDeps } from './ports';

export interface ImportRowReport {
  row: number;
  status: RowStatus;
  enrolmentId?: string;
  idNumberMasked?: string;
  certificateNo?: string | null;
  errors?: FieldProblem[];
}

export interface ImportReport extends ImportTally<ImportRowReport> {
  sessionId: string;
}

/**
 * Imports an attendance sheet (header row first). Each row is keyed by session and person,
 * so a re-import changes nothing; each row is reported; a bad row is reported and skipped.
 * Only an unusable file (no rows, missing columns) fails as a whole.
 */
export async function importAttendance(deps: TrainingDeps, who: Identity, sessionId: string, table: string[][]): Promise<ImportReport> {
  const session = await organisedSession(deps, who, sessionId);
  const { columns, rows } = dataRows(table, mapHeader);

  const report: ImportReport = { sessionId, ...emptyTally<ImportRowReport>() };
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const raw = toRawRow(columns, cells);
    const idNumberMasked = raw.idNumber ? maskId(raw.idNumber) : undefined;
    const line = (r: Omit<ImportRowReport, 'row' | 'idNumberMasked'>) => tallyRow(report, { row, idNumberMasked, ...r });
    const parsed = parseRow(raw, session.courseHours);
    if (!parsed.ok) {
      line({ status: 'failed', errors: parsed.problems });
      continue;
    }
    const key = personKey(deps.privacy.hashKey, parsed.person.idNumber);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      line({ status: 'failed', errors: [{ path: 'idNumber', message: `the same person is already on row ${earlier}` }] });
      continue;
    }
    seen.set(key, row);
    try {
      const existing = await deps.enrolments.findBySessionAndPerson(session.id, key);
      const e = existing ?? (await addEnrolment(deps, session, parsed.person));
      const { enrolment, changed } = await applyAttendance(deps, session, e, parsed.attendance);
      line({ status: !existing ? 'created' : changed ? 'updated' : 'unchanged', enrolmentId: enrolment.id, certificateNo: enrolment.certificateNo });
    } catch (err) {
      // A rule this row breaks (full session, certificate already issued...) is the row's report;
      // anything else (the database gone) stops the import, and a re-run picks up where it left.
      if (!(err instanceof DomainError)) throw err;
      line({ status: 'failed', errors: err instanceof ValidationError ? err.fields : [{ path: '(row)', message: err.message }] });
    }
  }
  return report;
}
