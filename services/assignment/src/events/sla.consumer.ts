import { on } from '@metrodesk/events';
import { clockBreached, clockWarning, SLA_TOPIC } from '@metrodesk/contracts';
import type { AssignmentDeps } from '../use-cases/ports';
import { notifySlaWarning } from '../use-cases/notify-sla-warning';
import { escalateBreach } from '../use-cases/escalate-breach';

/** Warnings notify the assignee; breaches climb the escalation ladder. */
export function slaHandlers(deps: AssignmentDeps) {
  return {
    topics: [SLA_TOPIC],
    handlers: [
      on(clockWarning, async (e) => void (await notifySlaWarning(deps, e.data))),
      on(clockBreached, async (e) => void (await escalateBreach(deps, e.data, e.correlationid))),
    ],
  };
}
