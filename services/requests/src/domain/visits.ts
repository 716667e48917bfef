import type { Role } from '@metrodesk/access';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '@metrodesk/errors';
import { VISIT_STATES } from './lifecycle';
import { checkVerifier, type QualificationFile, type Refusal } from './qualification';
import type { HistoryEntry, ServiceRequest, Visit, VisitAction, VisitFlag, VisitSlot, VisitVerifier } from './request';

export interface VisitPlan {
  date: string;
  slot: VisitSlot;
  siteAddress: string | null;
  instruments: { class: string; count: number }[];
}

/** A verifier the caller picked, with every file the projection holds for them. */
export interface Candidate {
  personKey: string;
  files: QualificationFile[];
  userId: string | null;
}

export type VisitCommand =
  | { action: 'visit_scheduled'; visitId: string; plan: VisitPlan; verifiers: Candidate[] }
  | { action: 'visit_rescheduled'; visitId: string; plan: VisitPlan; verifiers: Candidate[] }
  | { action: 'visit_cancelled'; visitId: string; reason: string }
  | { action: 'visit_completed'; visitId: string; verified: { class: string; count: number }[]; freeOfCharge: boolean; certificateNos: string[]; note: string | null }
  | { action: 'visit_flagged'; visitId: string; flag: VisitFlag };

export interface VisitDecision {
  next: ServiceRequest;
  visit: Visit;
  history: HistoryEntry;
  /** For visit_rescheduled: where it was before. */
  previous: Visit | null;
}

export class NotQualifiedError extends DomainError {
  constructor(r: Refusal) {
    const file = r.certificateNo ? `certificate ${r.certificateNo}` : 'no verifier file';
    super('verifier_not_qualified', 422, `${r.verifier} cannot make the visit on ${r.date}: ${r.reason}.`, {
      verifier: r.verifier,
      personKey: r.personKey,
      certificateNo: r.certificateNo,
      instrumentClass: r.instrumentClass,
      date: r.date,
      file,
    });
  }
}

const slotWords: Record<VisitSlot, string> = { morning: 'morning', afternoon: 'afternoon' };

/** How a visit reads in the timeline: when, who, what. */
export function describeVisit(v: Pick<Visit, 'date' | 'slot' | 'verifiers' | 'instruments'>): string {
  const what = v.instruments.map((i) => `${i.class} × ${i.count}`).join(', ');
  return `${v.date} ${slotWords[v.slot]} · ${v.verifiers.map((x) => x.name).join(', ')}${what ? ` · ${what}` : ''}`;
}

/** The verifiers as the visit will name them; the first one not qualified refuses the whole visit. */
function gate(plan: VisitPlan, candidates: Candidate[]): VisitVerifier[] {
  const classes = plan.instruments.map((i) => i.class);
  return candidates.map((c) => {
    const newest = [...c.files].sort((a, b) => b.version - a.version)[0];
    if (!newest) throw new NotFoundError('verifier', c.personKey);
    const refusal = checkVerifier({ personKey: c.personKey, name: newest.personName }, c.files, classes, plan.date);
    if (refusal) throw new NotQualifiedError(refusal);
    return { personKey: c.personKey, name: newest.personName, instituteUscc: newest.employerUscc, instituteName: newest.employerName, userId: c.userId };
  });
}

function scheduledVisit(r: ServiceRequest, visitId: string): Visit {
  const v = r.visits.find((x) => x.id === visitId);
  if (!v) throw new NotFoundError('visit', visitId);
  if (v.status !== 'scheduled') throw new ConflictError('visit_not_scheduled', `The visit on ${v.date} is ${v.status}; only a scheduled visit can change.`, { visitId, status: v.status });
  return v;
}

/** Applies one visit command to the request. Pure: the caller fetched the files and picks the ids. */
export function decideVisit(r: ServiceRequest, c: VisitCommand, by: { userId: string; role: Role; name?: string }, at: Date, today: string): VisitDecision {
  if (!VISIT_STATES.includes(r.state)) {
    throw new ConflictError('illegal_transition', `Visits can be arranged only while the request is being worked on; it is ${r.state.replace(/_/g, ' ')}.`, { state: r.state, action: c.action });
  }
  let visit: Visit;
  let previous: Visit | null = null;
  let note: string;
  switch (c.action) {
    case 'visit_scheduled':
    case 'visit_rescheduled': {
      if (c.plan.date < today) throw new ValidationError([{ path: 'date', message: `must be today (${today}) or later` }]);
      const keys = c.verifiers.map((v) => v.personKey);
      if (new Set(keys).size !== keys.length) throw new ValidationError([{ path: 'verifierKeys', message: 'names the same verifier twice' }]);
      // An unknown visit is a 404 before any verifier is judged.
      const prior = c.action === 'visit_rescheduled' ? scheduledVisit(r, c.visitId) : null;
      const verifiers = gate(c.plan, c.verifiers);
      if (!prior) {
        if (r.visits.some((v) => v.id === c.visitId)) throw new ConflictError('visit_exists', `Visit ${c.visitId} already exists.`);
        visit = { id: c.visitId, cycle: r.cycle, ...c.plan, verifiers, status: 'scheduled', flags: [], scheduledBy: by.userId, scheduledAt: at, cancelReason: null, result: null };
        note = describeVisit(visit);
      } else {
        previous = prior;
        // Checked again from scratch, so earlier flags no longer apply.
        visit = { ...prior, ...c.plan, verifiers, flags: [] };
        note = `${describeVisit(previous)} → ${describeVisit(visit)}`;
      }
      break;
    }
    case 'visit_cancelled':
      visit = { ...scheduledVisit(r, c.visitId), status: 'cancelled', cancelReason: c.reason };
      note = `${describeVisit(visit)} · ${c.reason}`;
      break;
    case 'visit_completed': {
      const v = scheduledVisit(r, c.visitId);
      if (v.date > today) throw new ConflictError('visit_in_future', `The visit is planned for ${v.date}; it can be completed on or after that day.`, { date: v.date });
      visit = { ...v, status: 'completed', result: { verified: c.verified, freeOfCharge: c.freeOfCharge, certificateNos: c.certificateNos, note: c.note, by: by.userId, at } };
      note = `${describeVisit(v)} · verified ${c.verified.map((i) => `${i.class} × ${i.count}`).join(', ')}${c.freeOfCharge ? ' · free of charge' : ''}`;
      break;
    }
    case 'visit_flagged':
      visit = { ...scheduledVisit(r, c.visitId) };
      visit.flags = [...visit.flags, c.flag];
      note = `${describeVisit(visit)} · ${c.flag.reason}`;
      break;
  }
  const history: HistoryEntry = { at, by: by.userId, byRole: by.role, byName: by.name ?? null, action: c.action as VisitAction, from: r.state, to: r.state, note };
  const visits = previous || c.action !== 'visit_scheduled' ? r.visits.map((v) => (v.id === visit.id ? visit : v)) : [...r.visits, visit];
  const next: ServiceRequest = { ...r, visits, updatedAt: at, history: [...r.history, history] };
  return { next, visit, history, previous };
}

/**
 * The scheduled visits, today or later, on which this person no longer qualifies given their
 * files now, and not yet flagged for this file version (a repeated event flags once).
 */
export function lapsedVisits(r: ServiceRequest, personKey: string, files: QualificationFile[], today: string, cause: { fileId: string; version: number }): { visit: Visit; refusal: Refusal }[] {
  const out: { visit: Visit; refusal: Refusal }[] = [];
  for (const v of r.visits) {
    const who = v.verifiers.find((x) => x.personKey === personKey);
    if (v.status !== 'scheduled' || v.date < today || !who) continue;
    if (v.flags.some((f) => f.personKey === personKey && f.fileId === cause.fileId && f.fileVersion === cause.version)) continue;
    const refusal = checkVerifier({ personKey, name: who.name }, files, v.instruments.map((i) => i.class), v.date);
    if (refusal) out.push({ visit: v, refusal });
  }
  return out;
}
