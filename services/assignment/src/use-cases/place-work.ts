import { uuidv7, type EventActor } from '@metrodesk/events/model';
import { stepOf, type AssignHow, type CaseState } from '../domain/case';
import type { RoutingDecision } from '../domain/routing';
import type { Decision } from './commit-step';
import type { AssignmentDeps, CurrentCase } from './ports';
import { eventsOf } from './step-events';

export interface Placement {
  at: Date;
  by: string;
  how: AssignHow;
  /** Present when the move is a transfer: it publishes `transferred` instead of `assigned`. */
  transfer?: { reason: string; fromCityCode: string };
  correlationId?: string;
  /** The person who asked for the move; routing by the system names the system. */
  actor?: EventActor;
}

/**
 * Turns a routing decision into the next step: the new assignee, or the city's unassigned
 * queue with its managers told why.
 */
export async function placeWork(deps: AssignmentDeps, prev: CurrentCase | null, state: CaseState, d: RoutingDecision, o: Placement): Promise<Decision> {
  const from = prev?.state.assigneeId ?? null;
  const transferParts = o.transfer ? { reason: o.transfer.reason, fromCityCode: o.transfer.fromCityCode, toCityCode: state.cityCode } : {};
  if (d.kind === 'assigned') {
    const next: CaseState = { ...state, status: 'assigned', assigneeId: d.liaison.userId, assignmentId: uuidv7(o.at.getTime()), assignedAt: o.at };
    const step = stepOf(prev, o.transfer ? 'transferred' : 'assigned', o.at, o.by, next, { how: o.how, fromAssigneeId: from, toAssigneeId: d.liaison.userId, ...transferParts });
    // Counted now, before any await, so concurrent routing in this process sees the choice.
    deps.rosterCache?.applied(prev?.state ?? null, next, d.liaison.userId, o.at);
    return { step, events: eventsOf(step, { assigneeName: d.liaison.name, correlationId: o.correlationId, actor: o.actor }), counted: true };
  }
  const next: CaseState = { ...state, status: 'queued', assigneeId: null, assignmentId: null, assignedAt: null };
  const step = stepOf(prev, o.transfer ? 'transferred' : 'unroutable', o.at, o.by, next, { how: o.how, fromAssigneeId: from, unroutableReason: d.reason, reason: d.reason, ...transferParts });
  const managers = await deps.users.managers(next.cityCode);
  const notifications = managers.map((userId) => ({
    id: `${state.requestId}:${step.seq}:unroutable:${userId}`,
    userId,
    requestId: state.requestId,
    kind: 'unroutable' as const,
    cityCode: next.cityCode,
    message: `Request ${state.requestId} is in the unassigned queue of ${next.cityCode}: ${d.reason}`,
    at: o.at,
  }));
  return { step, events: eventsOf(step, { correlationId: o.correlationId, actor: o.actor }), notifications };
}
