import type { Express } from 'express';
import type { Logger } from '@metrodesk/logger';
import { createBaseApp, requireIdentity } from '@metrodesk/http';
import type { Registry } from 'prom-client';
import type { QualificationsDeps } from './use-cases/ports';
import { filesRouter } from './http/files.router';
import { personsRouter } from './http/persons.router';
import { importsRouter } from './http/imports.router';
import { jobsRouter } from './http/jobs.router';

export interface AppDeps extends QualificationsDeps {
  logger: Logger;
  identitySecret: string;
  importMaxBytes: number;
  readiness: Record<string, () => Promise<boolean>>;
  registry?: Registry;
}

export function createApp(deps: AppDeps): Express {
  const base = createBaseApp({ service: 'qualifications', logger: deps.logger, readiness: deps.readiness, registry: deps.registry });
  base.app.use(requireIdentity(deps.identitySecret));
  base.app.use(filesRouter(deps));
  base.app.use(personsRouter(deps));
  base.app.use(importsRouter(deps, deps.importMaxBytes));
  base.app.use(jobsRouter(deps));
  return base.finish();
}
