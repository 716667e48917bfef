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
  instrumentClasses: string[];
  plannedDate: string | null;
  /** `pending`: known only from SLA events so far; the filing has not arrived. */
  status: CaseStatus;
  filed: boolean;
  assigneeId: string | null;
  assignmentId: string | null;
  assignedAt: Date | null;
  /** The newest request event applied; older ones are ignored. */
  requestVersion: number;
  cycle: number;
  escalationLevel: EscalationLevel;
  /** `cycle:clock` of each breach already acted on. */
  breaches: string[];
  warnings: string[];
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
  warnings: string[];
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
    plannedDate: null,
    status: 'pending',
    filed: false,
    assigneeId: null,
    assignmentId: null,
    assignedAt: null,
    requestVersion: 0,
    cycle: 1,
    escalationLevel: 'none',
    breaches: [],
    warnings: [],
  };
}

export function workOf(s: CaseState): Work {
  return { category: s.category!, instrumentClasses: s.instrumentClasses, plannedDate: s.plannedDate! };
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
    warnings: [],
    unroutableReason: null,
    ...parts,
    state,
  };
}

/**
 * The level a breach escalates to: the city manager first, the province if the request is
 * still unresolved at the next breach. Null when this breach was already acted on, the
 * request is no longer open, or the province already has it.
 */
export function nextEscalation(s: CaseState, cycle: number, clock: string): EscalationLevel | null {
  if (s.status === 'closed' || s.breaches.includes(`${cycle}:${clock}`)) return null;
  if (s.escalationLevel === 'none') return 'city';
  if (s.escalationLevel === 'city') return 'province';
  return null;
}
