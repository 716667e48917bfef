import { ConflictError, ValidationError } from '@metrodesk/errors';
import type { Flags } from './enterprise';

/** An enterprise's signing of the integrity-metrology self-commitment (诚信计量自我承诺). */
export interface Commitment {
  id: string;
  signedOn: string;
  /** Where the signed document is kept (its file name and archive reference or link). */
  document: { name: string; ref: string } | null;
  withdrawnOn: string | null;
}

/** A naming as integrity demonstration unit (示范单位) for one year, by the province or a city; null when it was only flagged by hand. */
export interface Demonstration {
  year: number;
  namedBy: { kind: 'province' | 'city'; code: string } | null;
  namedOn: string;
}

/** A review of a key energy-using unit's energy metrology (能源计量审查). */
export interface EnergyReview {
  id: string;
  date: string;
  reviewers: string[];
  instrumentsReviewed: number;
  findings: string | null;
  /** Service requests opened to follow the findings up. */
  followUpRequestIds: string[];
}

export const DATA_COLLECTION = ['realtime', 'manual', 'none'] as const;
export type DataCollectionStatus = (typeof DATA_COLLECTION)[number];

/** How the unit's energy data reach the bureau since a day (real-time upload, manual report, none). */
export interface DataCollection {
  status: DataCollectionStatus;
  since: string;
}

/** The integrity and energy records of one enterprise; the integrity flags follow from them. */
export interface Records {
  commitments: Commitment[];
  demonstrations: Demonstration[];
  energyReviews: EnergyReview[];
  /** Newest last: the last entry is the current status. */
  dataCollection: DataCollection[];
}

export const NO_RECORDS: Records = { commitments: [], demonstrations: [], energyReviews: [], dataCollection: [] };

export const activeCommitment = (r: Records): Commitment | undefined => r.commitments.find((c) => c.withdrawnOn === null);

/** The flags the records imply: committed while a signing stands, a demonstration unit once named. */
export function integrityFlags(r: Records): Pick<Flags, 'integrityCommitment' | 'integrityCommitmentSignedOn' | 'integrityDemonstration'> {
  const active = activeCommitment(r);
  return { integrityCommitment: active !== undefined, integrityCommitmentSignedOn: active?.signedOn ?? null, integrityDemonstration: r.demonstrations.length > 0 };
}

/**
 * Records for an enterprise stored before records existed: what its flags said, as records
 * whose details are unknown, so the flags read the same afterwards.
 */
export function recordsFromFlags(enterpriseId: string, flags: Flags, today: string): Records {
  return {
    ...NO_RECORDS,
    commitments: flags.integrityCommitment ? [{ id: `${enterpriseId}-c0`, signedOn: flags.integrityCommitmentSignedOn ?? today, document: null, withdrawnOn: null }] : [],
    demonstrations: flags.integrityDemonstration ? [{ year: Number(today.slice(0, 4)), namedBy: null, namedOn: today }] : [],
  };
}

export function sign(r: Records, c: Omit<Commitment, 'withdrawnOn'>): Records {
  const active = activeCommitment(r);
  if (active) throw new ConflictError('already_committed', `The enterprise has signed the integrity commitment on ${active.signedOn}; withdraw it before signing again.`, { commitmentId: active.id });
  return { ...r, commitments: [...r.commitments, { ...c, withdrawnOn: null }] };
}

export function withdraw(r: Records, commitmentId: string, on: string): Records {
  const c = r.commitments.find((x) => x.id === commitmentId);
  if (!c) throw new ValidationError([{ path: 'commitmentId', message: `no commitment ${commitmentId} of this enterprise` }]);
  if (c.withdrawnOn) throw new ConflictError('commitment_withdrawn', `This commitment was withdrawn on ${c.withdrawnOn}.`);
  if (on < c.signedOn) throw new ValidationError([{ path: 'withdrawnOn', message: `must not be before the signing on ${c.signedOn}` }]);
  return { ...r, commitments: r.commitments.map((x) => (x.id === commitmentId ? { ...x, withdrawnOn: on } : x)) };
}

export function nameDemonstration(r: Records, d: Demonstration): Records {
  const same = r.demonstrations.find((x) => x.year === d.year && x.namedBy?.kind === d.namedBy?.kind && x.namedBy?.code === d.namedBy?.code);
  if (same) return r;
  return { ...r, demonstrations: [...r.demonstrations, d] };
}

export function setDataCollection(r: Records, d: DataCollection): Records {
  const current = r.dataCollection[r.dataCollection.length - 1];
  if (current && current.status === d.status) return r;
  if (current && d.since < current.since) throw new ValidationError([{ path: 'since', message: `must not be before the current status's date ${current.since}` }]);
  return { ...r, dataCollection: [...r.dataCollection, d] };
}

/**
 * The flag API kept for callers that set flags by hand: setting the commitment signs (or
 * corrects the date of the standing signing), clearing it withdraws; setting the
 * demonstration flag names the unit for the year, clearing it revokes every naming.
 */
export function applyFlagRequest(r: Records, flags: Partial<Flags>, ctx: { today: string; newId: () => string }): Records {
  let next = r;
  const active = activeCommitment(r);
  if (flags.integrityCommitment === true || (flags.integrityCommitment === undefined && active && flags.integrityCommitmentSignedOn)) {
    const signedOn = flags.integrityCommitmentSignedOn ?? active?.signedOn;
    if (!signedOn) throw new ValidationError([{ path: 'signedOn', message: 'an integrity commitment needs the date it was signed' }]);
    next = active
      ? { ...next, commitments: next.commitments.map((c) => (c.id === active.id ? { ...c, signedOn } : c)) }
      : sign(next, { id: ctx.newId(), signedOn, document: null });
  } else if (flags.integrityCommitment === false && active) {
    next = withdraw(next, active.id, ctx.today < active.signedOn ? active.signedOn : ctx.today);
  }
  if (flags.integrityDemonstration === true && next.demonstrations.length === 0) next = nameDemonstration(next, { year: Number(ctx.today.slice(0, 4)), namedBy: null, namedOn: ctx.today });
  if (flags.integrityDemonstration === false) next = { ...next, demonstrations: [] };
  return next;
}
