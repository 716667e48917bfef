import type { Express } from 'express';
import type { Logger } from '@metrodesk/logger';
import { createBaseApp, requireIdentity } from '@metrodesk/http';
import type { Registry } from 'prom-client';
import type { RequestsDeps } from './use-cases/ports';
import { requestsRouter } from './http/requests.router';
import { actionsRouter } from './http/actions.router';
import { attachmentsRouter } from './http/attachments.router';
import { benefitRouter } from './http/benefit.router';
import { proactiveRouter } from './http/proactive.router';
import { visitsRouter } from './http/visits.router';

export interface AppDeps extends RequestsDeps {
  logger: Logger;
  identitySecret: string;
  readiness: Record<string, () => Promise<boolean>>;
  registry?: Registry;
}

export function createApp(deps: AppDeps): Express {
  // 4 MB: an import of past requests carries up to 5000 rows.
  const base = createBaseApp({ service: 'requests', logger: deps.logger, readiness: deps.readiness, registry: deps.registry, bodyLimit: '4mb' });
  base.app.use(requireIdentity(deps.identitySecret));
  // Before requestsRouter, so /requests/verifiers is not read as a request id.
  base.app.use(visitsRouter(deps));
  base.app.use(benefitRouter(deps));
  base.app.use(proactiveRouter(deps));
  base.app.use(requestsRouter(deps));
  base.app.use(actionsRouter(deps));
  base.app.use(attachmentsRouter(deps));
  return base.finish();
}
