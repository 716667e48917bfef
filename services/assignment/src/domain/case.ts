import type { Category } from './roster';
import type { Work } from './routing';

export type CaseStatus = 'pending' | 'queued' | 'assigned' | 'closed';
export type AssignHow = 'auto' | 'manual' | 'claim' | 'rebalance' | 'leave';
export type EscalationLevel = 'none' | 'city' | 'province';

/**
 * Where one request stands with assignment. Every change is a new numbered step carrying
 * the whole state after it; a unique (requestId, seq) index lets exactly one writer take
 * each step, so two consumers or a consumer and a manager can never fork the assignment.
 */
export interface CaseState {
  requestId: string;
  enterpriseId: string | null;
  /** The bureau that holds the request now (transfers may move it). */
  cityCode: string;
  category: Category | null;
  priority: string | null;
  title: string | null;
  /** The request's number, e.g. 210100-2026-000123; null before the filing arrives or for requests without one. */
  number?: string | null;
  instrumentClasses: string[];
  /** `pending`: known only from SLA events so far; the filing has not arrived. */
  status: CaseStatus;
  filed: boolean;
  assigneeId: string | null;
  assignmentId: string | null;
  assignedAt: Date | null;
  /** The newest request event applied; older ones are ignored. */
  requestVersion: number;
  cycle: number;
  /** Of the current cycle: it only ever rises within a cycle, and a new cycle starts at none. */
  escalationLevel: EscalationLevel;
}

/** What an SLA escalation step was about, as the sla service reported it. */
export interface EscalationCause {
  clock: 'response' | 'resolution';
  /** Percent of the target elapsed at the step (100 = the deadline). */
  threshold: number;
  deadline: string;
  cycle: number;
}

export type StepKind = 'assigned' | 'unroutable' | 'transferred' | 'escalated' | 'released' | 'reopened';

export interface Step {
  requestId: string;
  seq: number;
  kind: StepKind;
  at: Date;
  by: string;
  how: AssignHow | null;
  reason: string | null;
  fromAssigneeId: string | null;
  toAssigneeId: string | null;
  fromCityCode: string | null;
  toCityCode: string | null;
  level: EscalationLevel | null;
  notifiedUserIds: string[];
  /** Set on SLA escalation steps. */
  escalation: EscalationCause | null;
  /** Why nobody could take it, when the step left the request in a queue. */
  unroutableReason: string | null;
  state: CaseState;
}

export const OPEN_STATUSES: CaseStatus[] = ['queued', 'assigned'];
export const isOpen = (s: Pick<CaseState, 'status'>) => OPEN_STATUSES.includes(s.status);

export function emptyCase(requestId: string, cityCode: string): CaseState {
  return {
    requestId,
    enterpriseId: null,
    cityCode,
    category: null,
    priority: null,
    title: null,
    instrumentClasses: [],
    status: 'pending',
    filed: false,
    assigneeId: null,
    assignmentId: null,
    assignedAt: null,
    requestVersion: 0,
    cycle: 1,
    escalationLevel: 'none',
  };
}

export function workOf(s: CaseState): Work {
  return { category: s.category! };
}

/** A step with every optional part empty; callers fill in what the step is about. */
export function stepOf(prev: { seq: number } | null, kind: StepKind, at: Date, by: string, state: CaseState, parts: Partial<Omit<Step, 'requestId' | 'seq' | 'kind' | 'at' | 'by' | 'state'>> = {}): Step {
  return {
    requestId: state.requestId,
    seq: (prev?.seq ?? 0) + 1,
    kind,
    at,
    by,
    how: null,
    reason: null,
    fromAssigneeId: null,
    toAssigneeId: null,
    fromCityCode: null,
    toCityCode: null,
    level: null,
    notifiedUserIds: [],
    escalation: null,
    unroutableReason: null,
    ...parts,
    state,
  };
}

const RANK: Record<EscalationLevel, number> = { none: 0, city: 1, province: 2 };

/**
 * The level an escalation step of the SLA policy raises the request to, or null when it
 * changes nothing: a level never goes down within a cycle (a repeated or late step is a
 * no-op), a request no longer open is not escalated, and a step of a newer cycle than the
 * one known here starts that cycle from none (its reopening may still be on its way).
 */
export function escalationTo(s: Pick<CaseState, 'cycle' | 'status' | 'escalationLevel'>, step: { cycle: number; level: 'city' | 'province' }): EscalationLevel | null {
  if (step.cycle < s.cycle) return null;
  const newCycle = step.cycle > s.cycle;
  if (!newCycle && s.status === 'closed') return null;
  const from = newCycle ? 'none' : s.escalationLevel;
  return RANK[step.level] > RANK[from] ? step.level : null;
}
