import { actorOf, handlerMap, on } from '@metrodesk/events';
import type { Logger } from '@metrodesk/logger';
import { assignmentAssigned, assignmentEscalated, assignmentTransferred, ASSIGNMENT_TOPIC } from '@metrodesk/contracts';
import type { RequestsDeps } from '../use-cases/ports';
import { applyAssignment } from '../use-cases/apply-assignment';
import { applyPolicyEscalation } from '../use-cases/apply-system-action';
import { skipUnknown } from './skip-unknown';

export const ASSIGNMENT_TOPICS = [ASSIGNMENT_TOPIC];

/** The assignment event's actor, when it names one, carried on to the request's own events. */
const withActor = (e: Parameters<typeof actorOf>[0]) => {
  const actor = actorOf(e);
  return actor ? { actor } : {};
};

export function assignmentHandlers(deps: RequestsDeps, logger?: Logger) {
  return handlerMap(
    on(assignmentAssigned, (e) =>
      skipUnknown(logger, e.type, () => applyAssignment(deps, { requestId: e.data.requestId, assigneeId: e.data.assigneeId, assigneeName: e.data.assigneeName ?? null, via: 'assign', by: e.data.by, ...withActor(e), at: new Date(e.data.at) })),
    ),
    on(assignmentTransferred, (e) =>
      skipUnknown(logger, e.type, () =>
        applyAssignment(deps, {
          requestId: e.data.requestId,
          assigneeId: e.data.toAssigneeId,
          assigneeName: e.data.toAssigneeName,
          cityCode: e.data.toCityCode,
          via: 'transfer',
          reason: e.data.reason,
          by: e.data.by,
          ...withActor(e),
          at: new Date(e.data.at),
        }),
      ),
    ),
    on(assignmentEscalated, (e) => skipUnknown(logger, e.type, () => applyPolicyEscalation(deps, e.data.requestId, e.data.level, e.data.reason, new Date(e.data.at)))),
  );
}
