import type { Express } from 'express';
import { createServiceApp, type ServiceAppDeps } from '@metrodesk/http';
import type { AssignmentDeps } from './use-cases/ports';
import { rosterRouter } from './http/roster.router';
import { rulesRouter } from './http/rules.router';
import { assignmentsRouter } from './http/assignments.router';
import { reportsRouter } from './http/reports.router';

export type AppDeps = AssignmentDeps & ServiceAppDeps;

export function createApp(deps: AppDeps): Express {
  return createServiceApp('assignment', deps, { routers: [rosterRouter(deps), rulesRouter(deps), assignmentsRouter(deps), reportsRouter(deps)] });
}
