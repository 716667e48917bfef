import type { Role } from '@metrodesk/access';
import { ConflictError, ValidationError } from '@metrodesk/errors';
import { nextState, IllegalTransitionError, type Action, type RequestState, type SolutionKind } from './lifecycle';
import type { ServiceRequest, HistoryEntry, Extension, CloseOutcome } from './request';

/** How long after closing an enterprise may still reopen its request with a complaint. */
export const REOPEN_WINDOW_DAYS = 30;
const DAY_MS = 86400_000;
const MANAGERS: Role[] = ['city_manager', 'province_manager', 'admin'];

export type Command =
  | { action: 'assign'; assigneeId: string; assigneeName?: string | null }
  | { action: 'respond'; note?: string }
  | { action: 'start'; note?: string }
  | { action: 'ask'; question: string }
  | { action: 'answer'; answer?: string }
  | { action: 'resolve'; text: string; solved: boolean; kind: SolutionKind }
  | { action: 'return_visit_satisfied' | 'return_visit_unsatisfied'; satisfaction: number; comment?: string; contactName?: string }
  | { action: 'transfer'; toAssigneeId?: string; toAssigneeName?: string | null; toCityCode?: string; reason: string }
  | { action: 'escalate'; level: 'city' | 'province'; reason: string }
  | { action: 'request_extension'; extensionId: string; workingDays: number; reason: string }
  | { action: 'approve_extension' | 'reject_extension'; extensionId: string; note?: string }
  | { action: 'withdraw'; reason?: string }
  | { action: 'reopen'; reason: string }
  | { action: 'close_no_answer' };

export interface Actor {
  userId: string;
  role: Role;
  /** The person's name, for the timeline; services acting on their own have none. */
  name?: string;
}

/** What an accepted command means for the outside: the use case turns each into an event. */
export type Signal =
  | { kind: 'status-changed' }
  | { kind: 'responded' }
  | { kind: 'paused'; reason: string | null }
  | { kind: 'resumed' }
  | { kind: 'resolved' }
  | { kind: 'reopened'; satisfaction: number | null; reason: 'unsatisfied' | 'complaint'; comment: string | null }
  | { kind: 'closed'; satisfaction: number | null; satisfied: boolean | null; outcome: CloseOutcome }
  | { kind: 'withdrawn'; reason: string | null }
  | { kind: 'escalated'; level: 'city' | 'province'; reason: string }
  | { kind: 'extension-requested'; extension: Extension }
  | { kind: 'extension-decided'; extension: Extension };

export interface Decision {
  /** The request after the command (same id, same version: persistence bumps it). */
  next: ServiceRequest;
  from: RequestState;
  history: HistoryEntry;
  signals: Signal[];
}

const noteOf = (c: Command): string | null => {
  switch (c.action) {
    case 'respond':
    case 'start':
    case 'approve_extension':
    case 'reject_extension':
      return c.note ?? null;
    case 'ask':
      return c.question;
    case 'answer':
      return c.answer ?? null;
    case 'resolve':
      return c.text;
    case 'return_visit_satisfied':
    case 'return_visit_unsatisfied':
      return c.comment ?? null;
    case 'transfer':
    case 'escalate':
    case 'request_extension':
      return c.reason;
    case 'withdraw':
      return c.reason ?? null;
    case 'reopen':
      return c.reason;
    case 'close_no_answer':
      return 'no answer by the return-visit deadline';
    // The assignee is a field of its own (assigneeName), shown in words by the reader.
    case 'assign':
      return null;
  }
};

/**
 * Applies one command to a request: the transition table decides whether it is legal and
 * where it leads; this function says what else changes and which events follow. Pure.
 */
export function decide(r: ServiceRequest, c: Command, by: Actor, at: Date): Decision {
  const from = r.state;
  const to = nextState(from, c.action);
  const next: ServiceRequest = { ...r, state: to, updatedAt: at };
  const signals: Signal[] = [];
  const pending = r.extensions.find((e) => e.status === 'pending');

  switch (c.action) {
    case 'assign':
      next.assigneeId = c.assigneeId;
      next.assigneeName = c.assigneeName ?? null;
      break;
    case 'respond':
      next.respondedAt = at;
      signals.push({ kind: 'responded' });
      break;
    case 'ask':
      signals.push({ kind: 'paused', reason: c.question });
      break;
    case 'answer':
      signals.push({ kind: 'resumed' });
      break;
    case 'resolve':
      next.solution = { text: c.text, solved: c.solved, kind: c.kind, by: by.userId, at };
      signals.push({ kind: 'resolved' });
      break;
    case 'return_visit_satisfied':
    case 'return_visit_unsatisfied': {
      // Staff record a return visit only after a phone call, so the contact spoken to is part of the record.
      const contactName = c.contactName?.trim() || null;
      if (by.role !== 'enterprise' && !contactName) throw new ValidationError([{ path: 'contactName', message: 'staff recording a phone return visit must name the enterprise contact spoken to' }]);
      const satisfied = c.action === 'return_visit_satisfied';
      next.returnVisits = [...r.returnVisits, { cycle: r.cycle, satisfaction: c.satisfaction, satisfied, comment: c.comment ?? null, contactName: by.role === 'enterprise' ? null : contactName, by: by.userId, byRole: by.role, at }];
      if (satisfied) {
        next.outcome = 'satisfied';
        next.closedAt = at;
        signals.push({ kind: 'closed', satisfaction: c.satisfaction, satisfied: true, outcome: 'satisfied' });
      } else {
        newCycle(next, r);
        signals.push({ kind: 'reopened', satisfaction: c.satisfaction, reason: 'unsatisfied', comment: c.comment ?? null });
      }
      break;
    }
    case 'reopen': {
      const closedAt = r.closedAt ?? r.updatedAt;
      const until = new Date(closedAt.getTime() + REOPEN_WINDOW_DAYS * DAY_MS);
      if (at.getTime() > until.getTime()) {
        throw new ConflictError(
          'reopen_window_passed',
          `The request closed on ${closedAt.toISOString().slice(0, 10)}; a complaint can reopen it only within ${REOPEN_WINDOW_DAYS} days of closing (until ${until.toISOString().slice(0, 10)}). Please file a new request.`,
          { closedAt: closedAt.toISOString(), reopenUntil: until.toISOString() },
        );
      }
      newCycle(next, r);
      signals.push({ kind: 'reopened', satisfaction: null, reason: 'complaint', comment: c.reason });
      break;
    }
    case 'close_no_answer':
      next.outcome = 'no_answer';
      next.closedAt = at;
      signals.push({ kind: 'closed', satisfaction: null, satisfied: null, outcome: 'no_answer' });
      break;
    case 'transfer':
      if (!c.toAssigneeId && (!c.toCityCode || c.toCityCode === r.cityCode)) throw new IllegalTransitionError(from, c.action, 'A transfer needs another liaison or another city to transfer to.');
      if (from === 'filed' && c.toAssigneeId) throw new IllegalTransitionError(from, c.action, 'An unassigned request gets its first liaison by assign, not transfer.');
      if (c.toAssigneeId === r.assigneeId) throw new IllegalTransitionError(from, c.action, `The request is already assigned to ${c.toAssigneeId}.`);
      // Without a named liaison the current one keeps the work until the new city's routing
      // assigns someone (assignment.transferred), so an open request is never unowned.
      if (c.toCityCode) next.cityCode = c.toCityCode;
      if (c.toAssigneeId) {
        next.assigneeId = c.toAssigneeId;
        next.assigneeName = c.toAssigneeName ?? null;
      }
      break;
    case 'escalate':
      if (r.escalation?.level === 'province' || (r.escalation?.level === 'city' && c.level === 'city')) {
        throw new IllegalTransitionError(from, c.action, `The request is already escalated to the ${r.escalation.level} level.`);
      }
      next.escalation = { level: c.level, reason: c.reason, by: by.userId, at, source: by.role === 'service' ? 'sla' : 'manual' };
      signals.push({ kind: 'escalated', level: c.level, reason: c.reason });
      break;
    case 'request_extension': {
      if (pending) throw new IllegalTransitionError(from, c.action, `Extension ${pending.id} is still waiting for a decision.`);
      const extension: Extension = { id: c.extensionId, workingDays: c.workingDays, reason: c.reason, requestedBy: by.userId, requestedAt: at, status: 'pending', decidedBy: null, decidedAt: null, note: null };
      next.extensions = [...r.extensions, extension];
      signals.push({ kind: 'extension-requested', extension });
      break;
    }
    case 'approve_extension':
    case 'reject_extension': {
      if (!pending || pending.id !== c.extensionId) throw new IllegalTransitionError(from, c.action, `No pending extension ${c.extensionId} to decide.`);
      const decided: Extension = { ...pending, status: c.action === 'approve_extension' ? 'approved' : 'rejected', decidedBy: by.userId, decidedAt: at, note: c.note ?? null };
      next.extensions = r.extensions.map((e) => (e.id === pending.id ? decided : e));
      signals.push({ kind: 'extension-decided', extension: decided });
      break;
    }
    case 'withdraw':
      // A manager withdrawing for the enterprise must say why: withdrawals leave the rates.
      if (MANAGERS.includes(by.role) && !c.reason?.trim()) throw new ValidationError([{ path: 'reason', message: 'a manager withdrawing a request must give the reason' }]);
      signals.push({ kind: 'withdrawn', reason: c.reason ?? null });
      break;
    case 'start':
      break;
  }
  if (next.state !== from) signals.unshift({ kind: 'status-changed' });
  else if (c.action === 'transfer' || c.action === 'assign') signals.unshift({ kind: 'status-changed' });

  const assigneeName = c.action === 'assign' ? c.assigneeName : c.action === 'transfer' ? c.toAssigneeName : undefined;
  const history: HistoryEntry = { at, by: by.userId, byRole: by.role, byName: by.name ?? null, action: c.action, from, to: next.state, note: noteOf(c), ...(assigneeName ? { assigneeName } : {}) };
  next.history = [...r.history, history];
  return { next, from, history, signals };
}

/** Redo or complaint: a new SLA cycle, so the same assignee owes a fresh response and a fresh solution. */
function newCycle(next: ServiceRequest, r: ServiceRequest): void {
  next.cycle = r.cycle + 1;
  next.respondedAt = null;
  next.solution = null;
  next.outcome = null;
  next.closedAt = null;
}

/** A return visit is one request body but two table actions: satisfied or not. */
export function returnVisitAction(satisfied: boolean): Extract<Action, 'return_visit_satisfied' | 'return_visit_unsatisfied'> {
  return satisfied ? 'return_visit_satisfied' : 'return_visit_unsatisfied';
}
