import type { Express } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '@metrodesk/logger';
import { createBaseApp, requireIdentity } from '@metrodesk/http';
import type { IdentityDeps } from './use-cases/ports';
import { authRouter, usersRouter, type RefreshCookie } from './http/identity.router';

export interface AppDeps extends IdentityDeps {
  logger: Logger;
  identitySecret: string;
  readiness: Record<string, () => Promise<boolean>>;
  registry?: Registry;
  refreshCookie: RefreshCookie;
}

export function createApp(deps: AppDeps): Express {
  const base = createBaseApp({ service: 'identity', logger: deps.logger, readiness: deps.readiness, registry: deps.registry, bodyLimit: '16kb' });
  base.app.use(authRouter(deps, deps.refreshCookie));
  base.app.use(requireIdentity(deps.identitySecret));
  base.app.use(usersRouter(deps));
  return base.finish();
}
