import type { Express } from 'express';
import type { Logger } from '@metrodesk/logger';
import { createBaseApp, requireIdentity } from '@metrodesk/http';
import type { Registry } from 'prom-client';
import type { SlaDeps } from './use-cases/ports';
import { policiesRouter } from './http/policies.router';
import { calendarsRouter } from './http/calendars.router';
import { clocksRouter } from './http/clocks.router';

export interface AppDeps extends SlaDeps {
  logger: Logger;
  identitySecret: string;
  readiness: Record<string, () => Promise<boolean>>;
  registry?: Registry;
}

export function createApp(deps: AppDeps): Express {
  const base = createBaseApp({ service: 'sla', logger: deps.logger, readiness: deps.readiness, registry: deps.registry });
  base.app.use(requireIdentity(deps.identitySecret));
  base.app.use(policiesRouter(deps));
  base.app.use(calendarsRouter(deps));
  base.app.use(clocksRouter(deps));
  return base.finish();
}
