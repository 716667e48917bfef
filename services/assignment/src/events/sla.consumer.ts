import { on } from '@metrodesk/events';
import { clockEscalated, clockWarning, SLA_TOPIC } from '@metrodesk/contracts';
import type { AssignmentDeps } from '../use-cases/ports';
import { notifySlaWarning } from '../use-cases/notify-sla-warning';
import { escalateByPolicy, isRequestClock } from '../use-cases/escalate-by-policy';

/**
 * Warnings notify the assignee; the policy's escalation steps set the escalation level.
 * A breach by itself escalates nothing: the policy says when, through its steps. Clocks
 * other than the request's response and resolution are not assignment's business.
 */
export function slaHandlers(deps: AssignmentDeps) {
  return {
    topics: [SLA_TOPIC],
    handlers: [
      on(clockWarning, async (e) => {
        if (isRequestClock(e.data.clock)) await notifySlaWarning(deps, e.data);
      }),
      // Idempotent by itself: a repeated step finds the level already reached and writes nothing.
      on(clockEscalated, async (e) => void (await escalateByPolicy(deps, e.data, e.correlationid)), { idempotent: true }),
    ],
  };
}
