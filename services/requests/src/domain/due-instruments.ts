import type { Role } from '@metrodesk/access';
import { INSTRUMENT_CLASS_WORDS, type InstrumentClass } from '@metrodesk/contracts';
import { ConflictError, ValidationError } from '@metrodesk/errors';
import type { HistoryEntry, ServiceRequest } from './request';
import type { RequestState } from './lifecycle';

export type InstrumentOutcome = 'verified' | 'verified_elsewhere';

/** What became of one listed instrument: verified by the bureau, or elsewhere by the enterprise's word. */
export interface InstrumentResult {
  outcome: InstrumentOutcome;
  certificateNo: string;
  verifiedOn: string;
  /** The certificate's scan among the request's attachments, when the enterprise gave one. */
  attachmentId: string | null;
  by: string;
  at: Date;
}

/** A registered instrument (by the registry's id) that a proactive request is about. */
export interface DueInstrument {
  instrumentId: string;
  instrumentClass: InstrumentClass;
  model: string | null;
  serialNo: string;
  location: string | null;
  compulsory: boolean;
  nextDueOn: string;
  overdue: boolean;
  result: InstrumentResult | null;
}

/** A visit day the bureau proposed; the enterprise's acceptance makes it the preferred date. */
export interface VisitProposal {
  date: string;
  by: string;
  byName: string | null;
  at: Date;
  acceptedAt: Date | null;
  acceptedBy: string | null;
}

/** A proactive request still open to new due instruments and to the enterprise's answer. */
export const OPEN_PROACTIVE_STATES: readonly RequestState[] = ['filed', 'assigned', 'responded', 'in_progress', 'waiting_enterprise'];

export interface By {
  userId: string;
  role: Role;
  name?: string;
}

export interface Change {
  next: ServiceRequest;
  history: HistoryEntry;
}

const classWord = (c: InstrumentClass) => INSTRUMENT_CLASS_WORDS[c]['zh-CN'];
const entry = (r: ServiceRequest, by: By, at: Date, action: HistoryEntry['action'], note: string): HistoryEntry => ({ at, by: by.userId, byRole: by.role, byName: by.name ?? null, action, from: r.state, to: r.state, note });

/** The request's instruments counted by class, from the listed registered instruments. */
export function countsOf(list: DueInstrument[]): { class: string; count: number; model: null }[] {
  const counts = new Map<string, number>();
  for (const i of list) counts.set(i.instrumentClass, (counts.get(i.instrumentClass) ?? 0) + 1);
  return [...counts].map(([cls, count]) => ({ class: cls, count, model: null }));
}

/** Adds a later due event's instruments to an open proactive request; those already listed are not repeated. Null: nothing new. */
export function addDue(r: ServiceRequest, incoming: Omit<DueInstrument, 'result'>[], eventId: string, at: Date): Change | null {
  const listed = new Set((r.dueInstruments ?? []).map((i) => i.instrumentId));
  const added = incoming.filter((i) => !listed.has(i.instrumentId)).map((i) => ({ ...i, result: null }));
  if (added.length === 0) return null;
  const dueInstruments = [...(r.dueInstruments ?? []), ...added];
  const urgent = added.some((i) => i.overdue && i.compulsory);
  const next: ServiceRequest = {
    ...r,
    dueInstruments,
    instruments: countsOf(dueInstruments),
    dueEventIds: [...(r.dueEventIds ?? []), eventId],
    priority: urgent && r.priority === 'normal' ? 'urgent' : r.priority,
    updatedAt: at,
  };
  return { next, history: entry(r, { userId: 'system', role: 'service' }, at, 'instruments_added', `新到期器具 ${added.length} 件`) };
}

function requireProactiveOpen(r: ServiceRequest, action: string): void {
  if (r.source !== 'proactive' || !OPEN_PROACTIVE_STATES.includes(r.state)) {
    throw new ConflictError('illegal_transition', `Only an open proactive request takes a ${action.replace(/_/g, ' ')}; this one is ${r.source} and ${r.state.replace(/_/g, ' ')}.`, { state: r.state, action });
  }
}

/** The bureau proposes a visit day (a new proposal replaces one not yet accepted). */
export function proposeVisit(r: ServiceRequest, date: string, today: string, by: By, at: Date): Change {
  requireProactiveOpen(r, 'propose_visit');
  if (date < today) throw new ValidationError([{ path: 'date', message: `a proposed visit day cannot be in the past (today is ${today})` }]);
  const visitProposal: VisitProposal = { date, by: by.userId, byName: by.name ?? null, at, acceptedAt: null, acceptedBy: null };
  return { next: { ...r, visitProposal, updatedAt: at }, history: entry(r, by, at, 'visit_proposed', `建议上门检定日期 ${date}`) };
}

/** The enterprise accepts the proposed day: it becomes the request's preferred date. */
export function acceptVisit(r: ServiceRequest, by: By, at: Date): Change {
  requireProactiveOpen(r, 'accept_visit');
  const p = r.visitProposal;
  if (!p || p.acceptedAt) throw new ConflictError('no_visit_proposal', p ? `The proposed day ${p.date} is already accepted.` : 'No visit day has been proposed on this request.', { field: 'visitProposal' });
  const visitProposal: VisitProposal = { ...p, acceptedAt: at, acceptedBy: by.userId };
  return { next: { ...r, visitProposal, preferredDate: p.date, updatedAt: at }, history: entry(r, by, at, 'visit_accepted', `同意上门检定日期 ${p.date}`) };
}

export interface ResultInput {
  instrumentId: string;
  certificateNo: string;
  verifiedOn: string;
  attachmentId?: string | null;
}

export interface ResultsChange extends Change {
  /** The instruments this change gave a result, for the results event. */
  recorded: DueInstrument[];
  /** Every listed instrument is now declined as verified elsewhere: nothing is left to do. */
  allElsewhere: boolean;
}

/** Records results for listed instruments that have none yet; anything else names the failing item. */
export function recordResults(r: ServiceRequest, items: ResultInput[], outcome: InstrumentOutcome, today: string, by: By, at: Date): ResultsChange {
  const list = r.dueInstruments ?? [];
  const seen = new Set<string>();
  const problems: { path: string; message: string }[] = [];
  items.forEach((it, n) => {
    const found = list.find((i) => i.instrumentId === it.instrumentId);
    if (!found) problems.push({ path: `items.${n}.instrumentId`, message: 'not an instrument this request lists' });
    else if (found.result) problems.push({ path: `items.${n}.instrumentId`, message: `${classWord(found.instrumentClass)} ${found.serialNo} already has a result` });
    else if (seen.has(it.instrumentId)) problems.push({ path: `items.${n}.instrumentId`, message: 'named twice' });
    if (it.verifiedOn > today) problems.push({ path: `items.${n}.verifiedOn`, message: `a verification date cannot be in the future (today is ${today})` });
    if (it.attachmentId && !r.attachments.some((a) => a.id === it.attachmentId)) problems.push({ path: `items.${n}.attachmentId`, message: 'not a file attached to this request' });
    seen.add(it.instrumentId);
  });
  if (problems.length > 0) throw new ValidationError(problems);
  const byId = new Map(items.map((it) => [it.instrumentId, it]));
  const dueInstruments = list.map((i) => {
    const it = byId.get(i.instrumentId);
    return it ? { ...i, result: { outcome, certificateNo: it.certificateNo, verifiedOn: it.verifiedOn, attachmentId: it.attachmentId ?? null, by: by.userId, at } } : i;
  });
  const recorded = dueInstruments.filter((i) => byId.has(i.instrumentId));
  const words = recorded.map((i) => `${classWord(i.instrumentClass)} ${i.serialNo}（证书 ${i.result!.certificateNo}，${i.result!.verifiedOn}）`).join('；');
  const head = outcome === 'verified' ? '已检定' : '已在他处检定';
  return {
    next: { ...r, dueInstruments, updatedAt: at },
    history: entry(r, by, at, outcome === 'verified' ? 'instruments_verified' : 'instruments_declined', `${head}：${words}`),
    recorded,
    allElsewhere: dueInstruments.every((i) => i.result?.outcome === 'verified_elsewhere'),
  };
}

/** The bureau names instruments it verified once a visit is completed or the request resolved. */
export function canRecordVerified(r: ServiceRequest): boolean {
  return r.state === 'resolved' || r.state === 'closed' || r.visits.some((v) => v.status === 'completed');
}

/** The enterprise declined every listed instrument: the request is resolved as verified elsewhere. */
export const ELSEWHERE_SOLUTION = '已在他处检定';
