import { handlerMap, on } from '@metrodesk/events';
import { assignmentAssigned, assignmentTransferred, ASSIGNMENT_TOPIC } from '@metrodesk/contracts';
import type { RequestsDeps } from '../use-cases/ports';
import { applyAssignment } from '../use-cases/apply-assignment';

export const ASSIGNMENT_TOPICS = [ASSIGNMENT_TOPIC];

export function assignmentHandlers(deps: RequestsDeps) {
  return handlerMap(
    on(assignmentAssigned, async (e) => {
      await applyAssignment(deps, { requestId: e.data.requestId, assigneeId: e.data.assigneeId, via: 'assign', by: e.data.by, at: new Date(e.data.at) });
    }),
    on(assignmentTransferred, async (e) => {
      await applyAssignment(deps, {
        requestId: e.data.requestId,
        assigneeId: e.data.toAssigneeId,
        cityCode: e.data.toCityCode,
        via: 'transfer',
        reason: e.data.reason,
        by: e.data.by,
        at: new Date(e.data.at),
      });
    }),
  );
}
