import { canSee, type Identity } from '@metrodesk/access';
import { DomainError, ValidationError, type FieldProblem } from '@metrodesk/errors';
import { checkIdNumber, maskId, personKey } from '@metrodesk/privacy';
import { parseImportRow, type ImportRow } from '../domain/import-row';
import type { QualificationFile } from '../domain/qualification';
import { requireFiler } from './access';
import { fileQualification, type FileInput } from './file-qualification';
import type { QualificationsDeps } from './ports';

export interface RowReport {
  /** 1-based sheet row, counting the header as row 1. */
  row: number;
  status: 'filed' | 'unchanged' | 'error';
  certificateNo: string | null;
  /** Masked: a row report is shown and downloaded, so it never carries a whole ID number. */
  idNumber: string | null;
  fileId: string | null;
  errors: FieldProblem[];
}

export interface ImportReport {
  total: number;
  filed: number;
  unchanged: number;
  errors: number;
  rows: RowReport[];
}

function toInput(r: ImportRow): FileInput {
  return {
    person: { idNumber: r.idNumber, name: r.name },
    type: r.type,
    scope: r.scope,
    certificateNo: r.certificateNo,
    issuingAuthority: r.issuingAuthority,
    issuedOn: r.issuedOn,
    expiresOn: r.expiresOn,
    employer: { uscc: r.employerUscc, name: r.employerName },
    cityCode: r.cityCode,
    archive: r.archiveBox && r.archiveNumber ? { box: r.archiveBox, number: r.archiveNumber } : undefined,
  };
}

/** The same row imported again finds its own file: same certificate, person, type and dates. */
function sameFiling(existing: QualificationFile, r: ImportRow, key: string): boolean {
  return existing.personKey === key && existing.type === r.type && existing.issuedOn === r.issuedOn && existing.expiresOn === r.expiresOn;
}

const COLUMN_OF: Record<string, string> = { 'person.idNumber': 'idNumber', 'person.name': 'name', 'employer.uscc': 'employerUscc', 'employer.name': 'employerName' };

/** Errors name the sheet's columns: `person.idNumber` in the API is the `idNumber` column here. */
function problemsOf(err: DomainError): FieldProblem[] {
  if (err instanceof ValidationError) return err.fields.map((f) => ({ ...f, path: COLUMN_OF[f.path] ?? f.path }));
  return [{ path: err.code, message: err.message }];
}

/**
 * Files every row on its own (one bad row does not stop the rest) and reports each. Importing
 * the same sheet again is harmless: rows already filed come back `unchanged`, nothing is
 * written and no event is published twice.
 */
export async function importFiles(deps: QualificationsDeps, who: Identity, rows: Record<string, string | undefined>[]): Promise<ImportReport> {
  requireFiler(who);
  const report: ImportReport = { total: rows.length, filed: 0, unchanged: 0, errors: 0, rows: [] };
  for (const [i, cells] of rows.entries()) {
    const parsed = parseImportRow(cells);
    const id = cells.idNumber ? checkIdNumber(cells.idNumber) : null;
    const line: RowReport = { row: i + 2, status: 'error', certificateNo: cells.certificateNo?.trim() || null, idNumber: id?.ok ? maskId(id.idNumber) : null, fileId: null, errors: [] };
    report.rows.push(line);
    if (!parsed.ok) {
      line.errors = parsed.errors;
      report.errors += 1;
      continue;
    }
    const row = parsed.row;
    try {
      const existing = await deps.files.findByCertificateNo(row.certificateNo);
      if (existing && !canSee(who, { cityCode: existing.cityCode ?? undefined })) {
        // Another city's file: say the number is taken, never which file has it.
        line.errors = [{ path: 'certificateNo', message: 'this certificate number is already on file in another city' }];
        report.errors += 1;
        continue;
      }
      if (existing && id?.ok && sameFiling(existing, row, personKey(deps.privacy.hashKey, id.idNumber))) {
        line.status = 'unchanged';
        line.fileId = existing.id;
        report.unchanged += 1;
        continue;
      }
      const file = await fileQualification(deps, who, toInput(row));
      line.status = 'filed';
      line.fileId = file.id;
      report.filed += 1;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      line.errors = problemsOf(err);
      report.errors += 1;
    }
  }
  return report;
}
