import type { Express } from 'express';
import { createServiceApp, type ServiceAppDeps } from '@metrodesk/http';
import type { ReportDeps } from './use-cases/ports';
import { reportsRouter } from './http/reports.router';
import { programmesRouter } from './http/programmes.router';
import type { ProgrammeStore } from './use-cases/programme-ports';
import { auditRouter } from './http/audit.router';

export interface AppDeps extends ReportDeps, ServiceAppDeps {
  programmes: ProgrammeStore;
}

export function createApp(deps: AppDeps): Express {
  return createServiceApp('reporting', deps, { routers: [reportsRouter(deps), programmesRouter(deps), auditRouter(deps)] });
}
