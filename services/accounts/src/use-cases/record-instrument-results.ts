import { VersionConflictError } from '@metrodesk/errors';
import { recordVerification, type VerificationOutcome } from '../domain/instrument-verification';
import type { AccountsDeps } from './ports';

export interface ReportedResults {
  requestId: string;
  requestNumber: string | null;
  enterpriseId: string;
  results: { instrumentId: string; outcome: VerificationOutcome; verifiedOn: string; certificateNo: string | null }[];
}

/** What became of a request's results: instruments moved, and those the registry no longer holds for that enterprise. */
export interface RecordedResults {
  recorded: number;
  unchanged: number;
  unknown: string[];
}

/** A person may edit an instrument between read and write: read again and re-apply, a few times. */
const ATTEMPTS = 5;

/**
 * Records what a request found about the enterprise's instruments. An instrument removed since,
 * or one of another enterprise, is skipped rather than refused: the request's fact stays true
 * and no retry could make the instrument appear.
 */
export async function recordInstrumentResults(deps: Pick<AccountsDeps, 'instruments' | 'now'>, reported: ReportedResults): Promise<RecordedResults> {
  const out: RecordedResults = { recorded: 0, unchanged: 0, unknown: [] };
  for (const r of reported.results) {
    for (let attempt = 1; ; attempt += 1) {
      const current = await deps.instruments.findById(r.instrumentId);
      if (!current || current.enterpriseId !== reported.enterpriseId) {
        out.unknown.push(r.instrumentId);
        break;
      }
      const next = recordVerification(current, { ...r, requestId: reported.requestId, requestNumber: reported.requestNumber }, deps.now?.() ?? new Date());
      if (!next) {
        out.unchanged += 1;
        break;
      }
      try {
        await deps.instruments.update(next, current.version);
        out.recorded += 1;
        break;
      } catch (err) {
        if (!(err instanceof VersionConflictError) || attempt >= ATTEMPTS) throw err;
      }
    }
  }
  return out;
}
