import type { Express } from 'express';
import { createServiceApp, type ServiceAppDeps } from '@metrodesk/http';
import type { IdentityDeps } from './use-cases/ports';
import { authRouter, usersRouter, type RefreshCookie } from './http/identity.router';

export interface AppDeps extends IdentityDeps, ServiceAppDeps {
  refreshCookie: RefreshCookie;
}

export function createApp(deps: AppDeps): Express {
  return createServiceApp('identity', deps, {
    publicRouters: [authRouter(deps, deps.refreshCookie)],
    routers: [usersRouter(deps)],
    bodyLimit: '16kb',
  });
}
