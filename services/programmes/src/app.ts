import type { Express } from 'express';
import type { Logger } from '@metrodesk/logger';
import { createBaseApp, requireIdentity } from '@metrodesk/http';
import type { Registry } from 'prom-client';
import type { ProgrammesDeps } from './use-cases/ports';
import { campaignsRouter } from './http/campaigns.router';
import { activitiesRouter } from './http/activities.router';

export interface AppDeps extends ProgrammesDeps {
  logger: Logger;
  identitySecret: string;
  readiness: Record<string, () => Promise<boolean>>;
  registry?: Registry;
  importLimit: string;
}

export function createApp(deps: AppDeps): Express {
  const base = createBaseApp({ service: 'programmes', logger: deps.logger, readiness: deps.readiness, registry: deps.registry });
  base.app.use(requireIdentity(deps.identitySecret));
  base.app.use(campaignsRouter(deps, deps.importLimit));
  base.app.use(activitiesRouter(deps));
  return base.finish();
}
