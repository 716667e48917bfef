import type { Identity } from '@metrodesk/access';
import { DomainError, ValidationError, type FieldProblem } from '@metrodesk/errors';
import { dataRows, emptyTally, tallyRow, type ImportTally, type RowStatus } from '@metrodesk/tables';
import { mapHeader, parseRow, toRawRow } from '../domain/import-row';
import { addActivity } from './record-activity';
import { reviseActivity } from './correct-activity';
import { getCampaign } from './get-campaign';
import type { ProgrammesDeps } from './ports';

export interface ImportRowReport {
  row: number;
  status: RowStatus;
  activityId?: string;
  errors?: FieldProblem[];
}

export interface ImportReport extends ImportTally<ImportRowReport> {
  campaignId: string;
}

/** More rows than this and the sheet is refused whole: a campaign's year for one city fits well inside. */
export const MAX_IMPORT_ROWS = 5000;

/**
 * Imports a sheet of activities under a campaign (header row first). A row is keyed by city,
 * date and venue kind: a re-import changes nothing; a row with other figures corrects the
 * activity. Each row is reported; a bad row is reported and skipped.
 */
export async function importActivities(deps: ProgrammesDeps, who: Identity, campaignId: string, table: string[][]): Promise<ImportReport> {
  const campaign = await getCampaign(deps, who, campaignId);
  const { columns, rows } = dataRows(table, mapHeader, MAX_IMPORT_ROWS);

  const report: ImportReport = { campaignId, ...emptyTally<ImportRowReport>() };
  const seen = new Map<string, number>();
  for (const { row, cells } of rows) {
    const line = (r: Omit<ImportRowReport, 'row'>) => tallyRow(report, { row, ...r });
    const parsed = parseRow(toRawRow(columns, cells), deps.regions, who.cityCode);
    if (!parsed.ok) {
      line({ status: 'failed', errors: parsed.problems });
      continue;
    }
    const input = parsed.input;
    const key = `${input.cityCode}|${input.date}|${input.venueKind}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      line({ status: 'failed', errors: [{ path: 'venueKind', message: `the same city, date and venue kind are already on row ${earlier}` }] });
      continue;
    }
    seen.set(key, row);
    try {
      const existing = await deps.activities.findByKey({ campaignId, cityCode: input.cityCode, date: input.date, venueKind: input.venueKind });
      if (!existing) {
        line({ status: 'created', activityId: (await addActivity(deps, who, campaign, input)).id });
        continue;
      }
      // A sheet has no problem list, and may have no notes: what was recorded in the console stays.
      const kept = { ...input, problems: existing.problems, notes: columns.includes('notes') ? input.notes : existing.notes };
      const { activity, changed } = await reviseActivity(deps, who, campaign, existing, kept, existing.version);
      line({ status: changed ? 'updated' : 'unchanged', activityId: activity.id });
    } catch (err) {
      // A rule the row breaks is the row's report; anything else (the database gone) stops the import.
      if (!(err instanceof DomainError)) throw err;
      line({ status: 'failed', errors: err instanceof ValidationError ? err.fields : [{ path: '(row)', message: err.message }] });
    }
  }
  return report;
}
