import type { Express } from 'express';
import type { Logger } from '@metrodesk/logger';
import { createBaseApp, requireIdentity } from '@metrodesk/http';
import type { Registry } from 'prom-client';
import type { ReportDeps } from './use-cases/ports';
import { reportsRouter } from './http/reports.router';
import { programmesRouter } from './http/programmes.router';
import type { ProgrammeStore } from './use-cases/programme-ports';
import { auditRouter } from './http/audit.router';

export interface AppDeps extends ReportDeps {
  logger: Logger;
  identitySecret: string;
  readiness: Record<string, () => Promise<boolean>>;
  registry?: Registry;
  programmes: ProgrammeStore;
}

export function createApp(deps: AppDeps): Express {
  const base = createBaseApp({ service: 'reporting', logger: deps.logger, readiness: deps.readiness, registry: deps.registry });
  base.app.use(requireIdentity(deps.identitySecret));
  base.app.use(reportsRouter(deps));
  base.app.use(programmesRouter(deps));
  base.app.use(auditRouter(deps));
  return base.finish();
}
