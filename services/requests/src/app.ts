import type { Express } from 'express';
import { createServiceApp, type ServiceAppDeps } from '@metrodesk/http';
import type { RequestsDeps } from './use-cases/ports';
import { requestsRouter } from './http/requests.router';
import { actionsRouter } from './http/actions.router';
import { attachmentsRouter } from './http/attachments.router';
import { benefitRouter } from './http/benefit.router';
import { proactiveRouter } from './http/proactive.router';
import { visitsRouter } from './http/visits.router';

export type AppDeps = RequestsDeps & ServiceAppDeps;

export function createApp(deps: AppDeps): Express {
  return createServiceApp('requests', deps, {
    // visitsRouter before requestsRouter, so /requests/verifiers is not read as a request id.
    routers: [visitsRouter(deps), benefitRouter(deps), proactiveRouter(deps), requestsRouter(deps), actionsRouter(deps), attachmentsRouter(deps)],
    // An import of past requests carries up to 5000 rows.
    bodyLimit: '4mb',
  });
}
