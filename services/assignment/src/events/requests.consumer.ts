import { on } from '@metrodesk/events';
import { requestClosed, requestFiled, requestReopened, requestResolved, requestStatusChanged, requestWithdrawn, REQUEST_TOPIC } from '@metrodesk/contracts';
import type { AssignmentDeps } from '../use-cases/ports';
import { routeFiledRequest } from '../use-cases/route-filed-request';
import { releaseRequest } from '../use-cases/release-request';
import { reopenRequest } from '../use-cases/reopen-request';

const FINISHED = ['resolved', 'closed', 'withdrawn'];

/** Filings are routed; resolved, closed and withdrawn requests free capacity; a redo comes back. */
export function requestsHandlers(deps: AssignmentDeps) {
  return {
    topics: [REQUEST_TOPIC],
    handlers: [
      // Idempotent by itself: a filing writes step 1 under a unique key, and a repeat finds the request filed.
      on(requestFiled, async (e) => void (await routeFiledRequest(deps, e.data, e.correlationid)), { idempotent: true }),
      on(requestResolved, async (e) => void (await releaseRequest(deps, e.data, 'resolved'))),
      on(requestClosed, async (e) => void (await releaseRequest(deps, e.data, 'closed'))),
      on(requestWithdrawn, async (e) => void (await releaseRequest(deps, e.data, 'withdrawn'))),
      on(requestReopened, async (e) => void (await reopenRequest(deps, e.data))),
      on(requestStatusChanged, async (e) => {
        if (FINISHED.includes(e.data.to)) await releaseRequest(deps, e.data, e.data.to);
      }),
    ],
  };
}
