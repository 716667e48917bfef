import { ConflictError } from '@metrodesk/errors';
import { REQUEST_STATES, SOLUTION_KINDS } from '@metrodesk/contracts';

export type RequestState = (typeof REQUEST_STATES)[number];
export type SolutionKind = (typeof SOLUTION_KINDS)[number];

export const ACTIONS = [
  'assign',
  'respond',
  'start',
  'ask',
  'answer',
  'resolve',
  'return_visit_satisfied',
  'return_visit_unsatisfied',
  'transfer',
  'escalate',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'withdraw',
  'reopen',
  'close_no_answer',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * The whole lifecycle in one table: for each state, the actions it allows and where each
 * leads. Anything not listed is illegal. Transfer, escalation and extensions keep the state:
 * they change who works on the request or its deadline, not how far the work has come.
 */
export const TRANSITIONS: Record<RequestState, Partial<Record<Action, RequestState>>> = {
  filed: { assign: 'assigned', transfer: 'filed', escalate: 'filed', withdraw: 'withdrawn' },
  assigned: { assign: 'assigned', respond: 'responded', transfer: 'assigned', escalate: 'assigned', withdraw: 'withdrawn' },
  responded: {
    assign: 'responded',
    start: 'in_progress',
    ask: 'waiting_enterprise',
    resolve: 'resolved',
    transfer: 'responded',
    escalate: 'responded',
    request_extension: 'responded',
    approve_extension: 'responded',
    reject_extension: 'responded',
    withdraw: 'withdrawn',
  },
  in_progress: {
    assign: 'in_progress',
    ask: 'waiting_enterprise',
    resolve: 'resolved',
    transfer: 'in_progress',
    escalate: 'in_progress',
    request_extension: 'in_progress',
    approve_extension: 'in_progress',
    reject_extension: 'in_progress',
    withdraw: 'withdrawn',
  },
  waiting_enterprise: {
    assign: 'waiting_enterprise',
    answer: 'in_progress',
    transfer: 'waiting_enterprise',
    escalate: 'waiting_enterprise',
    request_extension: 'waiting_enterprise',
    approve_extension: 'waiting_enterprise',
    reject_extension: 'waiting_enterprise',
    withdraw: 'withdrawn',
  },
  // A redo goes back to the same assignee, who must respond again in the new SLA cycle.
  // No answer by the return-visit deadline closes it as such.
  resolved: { return_visit_satisfied: 'closed', return_visit_unsatisfied: 'assigned', close_no_answer: 'closed' },
  // A complaint within 30 days of closing reopens it for the same assignee in a new cycle.
  closed: { reopen: 'assigned' },
  withdrawn: {},
};

/** Finished: no more work or comments (a closed request can still be reopened by a complaint). */
export const isTerminal = (s: RequestState) => s === 'closed' || s === 'withdrawn';

/** States in which on-site visits may be scheduled, changed, cancelled or completed. */
export const VISIT_STATES: readonly RequestState[] = ['assigned', 'responded', 'in_progress', 'waiting_enterprise'];

export class IllegalTransitionError extends ConflictError {
  constructor(state: RequestState, action: Action, why?: string) {
    super('illegal_transition', why ?? `Cannot ${action.replace(/_/g, ' ')} a request that is ${state.replace(/_/g, ' ')}.`, { state, action });
  }
}

/** Where `action` leads from `state`; an action the table does not allow is a 409. */
export function nextState(state: RequestState, action: Action): RequestState {
  const to = TRANSITIONS[state][action];
  if (!to) throw new IllegalTransitionError(state, action);
  return to;
}
