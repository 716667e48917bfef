import { handlerMap, on } from '@metrodesk/events';
import {
  assignmentAssigned,
  assignmentTransferred,
  requestClosed,
  requestExtensionDecided,
  requestFiled,
  requestPaused,
  requestReopened,
  requestResolved,
  requestResponded,
  requestResumed,
  requestWithdrawn,
} from '@metrodesk/contracts';
import type { SlaDeps } from '../use-cases/ports';
import { startClocks } from '../use-cases/start-clocks';
import { applyRequestChange } from '../use-cases/apply-request-change';
import { assignLiaison } from '../use-cases/assign-liaison';
import { openRedoCycle } from '../use-cases/open-redo-cycle';

/** Request and assignment events drive the clocks; every handler is idempotent on its own. */
export function requestsHandlers(deps: SlaDeps) {
  return handlerMap(
    on(requestFiled, async (e) => startClocks(deps, e.data, ['response', 'resolution'])),
    on(requestReopened, async (e) => openRedoCycle(deps, e.data)),
    on(requestResponded, async (e) => applyRequestChange(deps, e.data, { type: 'responded' })),
    on(requestPaused, async (e) => applyRequestChange(deps, e.data, { type: 'paused' })),
    on(requestResumed, async (e) => applyRequestChange(deps, e.data, { type: 'resumed' })),
    on(requestResolved, async (e) => {
      await applyRequestChange(deps, e.data, { type: 'resolved' });
      await startClocks(deps, e.data, ['return_visit']);
    }),
    on(requestWithdrawn, async (e) => applyRequestChange(deps, e.data, { type: 'ended' })),
    on(requestClosed, async (e) => applyRequestChange(deps, e.data, { type: 'closed' })),
    on(requestExtensionDecided, async (e) => {
      if (e.data.approved && e.data.workingDays > 0) await applyRequestChange(deps, e.data, { type: 'extended', workingDays: e.data.workingDays });
    }),
    on(assignmentAssigned, async (e) => assignLiaison(deps, e.data.requestId, e.data.assigneeId)),
    on(assignmentTransferred, async (e) => assignLiaison(deps, e.data.requestId, e.data.toAssigneeId, e.data.toCityCode)),
  );
}
