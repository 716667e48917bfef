import { INSTRUMENT_RESULT_OUTCOMES } from '@metrodesk/contracts';
import { addMonths, type Instrument } from './instrument';

export type VerificationOutcome = (typeof INSTRUMENT_RESULT_OUTCOMES)[number];

/** One verification a request reported for an instrument, as the registry keeps it. */
export interface Verification {
  verifiedOn: string;
  certificateNo: string | null;
  /** The next due day the instrument held when the result came: the one this verification answered. */
  dueOn: string;
  onTime: boolean;
  outcome: VerificationOutcome;
  requestId: string;
  requestNumber: string | null;
  /** Older than the verification already held: kept for the record, but it moved no dates. */
  superseded: boolean;
  recordedAt: Date;
}

export interface VerificationResult {
  verifiedOn: string;
  certificateNo: string | null;
  outcome: VerificationOutcome;
  requestId: string;
  requestNumber: string | null;
}

const sameResult = (v: Verification, r: VerificationResult) => v.requestId === r.requestId && v.verifiedOn === r.verifiedOn && v.certificateNo === r.certificateNo;

/**
 * The instrument after a reported verification, or null when the same request already reported
 * the same verification. A verification older than the one held is recorded but never moves the
 * last and next dates back; one on or after it restarts the cycle from its day.
 */
export function recordVerification(i: Instrument, r: VerificationResult, now: Date): Instrument | null {
  const history = i.verifications ?? [];
  if (history.some((v) => sameResult(v, r))) return null;
  const superseded = r.verifiedOn < i.lastVerifiedOn;
  const entry: Verification = { ...r, dueOn: i.nextDueOn, onTime: r.verifiedOn <= i.nextDueOn, superseded, recordedAt: now };
  const moved = superseded ? {} : { lastVerifiedOn: r.verifiedOn, certificateNo: r.certificateNo, nextDueOn: addMonths(r.verifiedOn, i.cycleMonths) };
  return { ...i, ...moved, verifications: [...history, entry], version: i.version + 1, updatedAt: now };
}

/** In use and past its due day: for a compulsory instrument, a breach the city's liaisons must chase. */
export const isOverdue = (i: Pick<Instrument, 'status' | 'nextDueOn'>, today: string) => i.status === 'in_use' && i.nextDueOn < today;
