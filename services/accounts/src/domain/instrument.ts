import { ValidationError, type FieldProblem } from '@metrodesk/errors';
import type { Verification } from './instrument-verification';
import { INSTRUMENT_CLASSES, INSTRUMENT_USES, INSTRUMENT_STATUSES, COMPULSORY_USES, type InstrumentClass, type InstrumentUse, type InstrumentStatus } from '@metrodesk/contracts';

export { INSTRUMENT_CLASSES, INSTRUMENT_USES, INSTRUMENT_STATUSES, COMPULSORY_USES };
export type { InstrumentClass, InstrumentUse, InstrumentStatus };

/** A measuring instrument an enterprise holds, with its verification cycle. */
export interface Instrument {
  id: string;
  enterpriseId: string;
  /** The enterprise's city when the instrument was registered: the scope liaisons see it by. */
  cityCode: string;
  instrumentClass: InstrumentClass;
  model: string | null;
  serialNo: string;
  location: string | null;
  use: InstrumentUse;
  compulsory: boolean;
  cycleMonths: number;
  lastVerifiedOn: string;
  certificateNo: string | null;
  nextDueOn: string;
  status: InstrumentStatus;
  /** Verifications requests reported, oldest first: the figures' on-time and late counts. */
  verifications: Verification[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a person states about an instrument; the rest is derived. */
export interface InstrumentFields {
  instrumentClass: InstrumentClass;
  model: string | null;
  serialNo: string;
  location: string | null;
  use: InstrumentUse;
  /** Asked-for compulsory mark; the use may force it to true. */
  compulsory: boolean | null;
  cycleMonths: number;
  lastVerifiedOn: string;
  certificateNo: string | null;
  status: InstrumentStatus;
}

export const isCompulsoryUse = (use: InstrumentUse) => (COMPULSORY_USES as readonly string[]).includes(use);

/**
 * The day a cycle of `months` after `day` ends. A day the target month lacks (31 January + 1
 * month) becomes that month's last day, so a due date never spills into the month after.
 */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = total % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return `${String(ty).padStart(4, '0')}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** A rule a stated instrument breaks, by the field it names; the caller words it. */
export type InstrumentRule = { path: 'compulsory'; rule: 'not_compulsory' } | { path: 'lastVerifiedOn'; rule: 'future' };

/**
 * Compulsory verification is the law's for the four compulsory uses: asking for `false` there
 * is refused, while any other use may be marked compulsory by the enterprise's own choice.
 */
export function brokenRules(f: Pick<InstrumentFields, 'use' | 'compulsory' | 'lastVerifiedOn'>, today: string): InstrumentRule[] {
  const broken: InstrumentRule[] = [];
  if (isCompulsoryUse(f.use) && f.compulsory === false) broken.push({ path: 'compulsory', rule: 'not_compulsory' });
  if (f.lastVerifiedOn > today) broken.push({ path: 'lastVerifiedOn', rule: 'future' });
  return broken;
}

/** Checks a stated instrument against the rules and derives what follows from it. */
export function deriveInstrument(f: InstrumentFields, today: string): { compulsory: boolean; nextDueOn: string } {
  const problems: FieldProblem[] = brokenRules(f, today).map((b) => ({
    path: b.path,
    message: b.rule === 'future' ? `the last verification cannot be in the future (today is ${today})` : `an instrument used for ${f.use} is under compulsory verification; it cannot be marked not compulsory`,
  }));
  if (problems.length > 0) throw new ValidationError(problems);
  return { compulsory: isCompulsoryUse(f.use) || f.compulsory === true, nextDueOn: addMonths(f.lastVerifiedOn, f.cycleMonths) };
}

/** Stored fields of a registered instrument as fields a person could state again. */
export function fieldsOf(i: Instrument): InstrumentFields {
  return {
    instrumentClass: i.instrumentClass,
    model: i.model,
    serialNo: i.serialNo,
    location: i.location,
    use: i.use,
    compulsory: i.compulsory,
    cycleMonths: i.cycleMonths,
    lastVerifiedOn: i.lastVerifiedOn,
    certificateNo: i.certificateNo,
    status: i.status,
  };
}

/**
 * The instrument after a change of the stated fields. A use that stops being compulsory keeps
 * the instrument compulsory only if the change asks for it, so marks never linger by accident.
 */
export function applyChange(current: Instrument, change: Partial<InstrumentFields>, today: string, now: Date): Instrument {
  const useChanged = change.use !== undefined && change.use !== current.use;
  const fields: InstrumentFields = {
    ...fieldsOf(current),
    ...change,
    compulsory: change.compulsory !== undefined ? change.compulsory : useChanged ? null : current.compulsory,
  };
  if (current.status === 'scrapped' && fields.status !== 'scrapped') throw new ValidationError([{ path: 'status', message: 'a scrapped instrument cannot be brought back into service' }]);
  const derived = deriveInstrument(fields, today);
  return { ...current, ...fields, ...derived, version: current.version + 1, updatedAt: now };
}
