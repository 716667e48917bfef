import { handlerMap, on, type EventEnvelope } from '@metrodesk/events';
import {
  assignmentAssigned, assignmentEscalated, assignmentTransferred, assignmentUnroutable,
  clockBreached, clockEscalated, clockMet, clockStarted, clockWarning,
  requestClosed, requestWithdrawn, requestFiled, requestReopened, requestResolved, requestResponded, requestStatusChanged,
  requestVisitFlagged, requestVisitRescheduled, requestVisitScheduled,
} from '@metrodesk/contracts';
import type { z } from 'zod';
import type { NotifyDeps, RateOutcomeRepository } from '../use-cases/ports';
import type { WebhookDeps } from '../use-cases/webhooks';
import { handleEvent } from '../use-cases/handle-event';

/**
 * The request, assignment and SLA events someone must hear of, or that change what the
 * managers' digests count (a clock met, a request withdrawn).
 */
export const NOTIFYING_EVENTS: { type: string; topic: string; data: z.ZodType }[] = [
  requestFiled, requestResponded, requestStatusChanged, requestResolved, requestClosed, requestReopened, requestWithdrawn,
  requestVisitScheduled, requestVisitRescheduled, requestVisitFlagged,
  assignmentAssigned, assignmentTransferred, assignmentUnroutable, assignmentEscalated,
  clockStarted, clockWarning, clockBreached, clockEscalated, clockMet,
];

export function requestsHandlers(deps: NotifyDeps & WebhookDeps & { outcomes?: RateOutcomeRepository }) {
  const handle = (e: EventEnvelope<unknown>) => handleEvent(deps, { id: e.id, type: e.type, data: e.data as Record<string, unknown> });
  return handlerMap(...NOTIFYING_EVENTS.map((d) => on(d, handle)));
}
