import type { Express } from 'express';
import { createServiceApp, type ServiceAppDeps } from '@metrodesk/http';
import type { ProgrammesDeps } from './use-cases/ports';
import { campaignsRouter } from './http/campaigns.router';
import { activitiesRouter } from './http/activities.router';

export interface AppDeps extends ProgrammesDeps, ServiceAppDeps {
  importLimit: string;
}

export function createApp(deps: AppDeps): Express {
  return createServiceApp('programmes', deps, { routers: [campaignsRouter(deps, deps.importLimit), activitiesRouter(deps)] });
}
