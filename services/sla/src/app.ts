import type { Express } from 'express';
import { createServiceApp, type ServiceAppDeps } from '@metrodesk/http';
import type { SlaDeps } from './use-cases/ports';
import { policiesRouter } from './http/policies.router';
import { calendarsRouter } from './http/calendars.router';
import { clocksRouter } from './http/clocks.router';

export type AppDeps = SlaDeps & ServiceAppDeps;

export function createApp(deps: AppDeps): Express {
  return createServiceApp('sla', deps, { routers: [policiesRouter(deps), calendarsRouter(deps), clocksRouter(deps)] });
}
