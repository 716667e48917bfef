import type { Express } from 'express';
import type { Logger } from '@metrodesk/logger';
import { createBaseApp, requireIdentity } from '@metrodesk/http';
import type { Registry } from 'prom-client';
import type { AssignmentDeps } from './use-cases/ports';
import { rosterRouter } from './http/roster.router';
import { rulesRouter } from './http/rules.router';
import { assignmentsRouter } from './http/assignments.router';
import { reportsRouter } from './http/reports.router';

export interface AppDeps extends AssignmentDeps {
  logger: Logger;
  identitySecret: string;
  readiness: Record<string, () => Promise<boolean>>;
  registry?: Registry;
}

export function createApp(deps: AppDeps): Express {
  const base = createBaseApp({ service: 'assignment', logger: deps.logger, readiness: deps.readiness, registry: deps.registry });
  base.app.use(requireIdentity(deps.identitySecret));
  base.app.use(rosterRouter(deps));
  base.app.use(rulesRouter(deps));
  base.app.use(assignmentsRouter(deps));
  base.app.use(reportsRouter(deps));
  return base.finish();
}
