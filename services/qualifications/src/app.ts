import type { Express } from 'express';
import { createServiceApp, type ServiceAppDeps } from '@metrodesk/http';
import type { QualificationsDeps } from './use-cases/ports';
import { filesRouter } from './http/files.router';
import { personsRouter } from './http/persons.router';
import { importsRouter } from './http/imports.router';
import { jobsRouter } from './http/jobs.router';

export interface AppDeps extends QualificationsDeps, ServiceAppDeps {
  importMaxBytes: number;
}

export function createApp(deps: AppDeps): Express {
  return createServiceApp('qualifications', deps, { routers: [filesRouter(deps), personsRouter(deps), importsRouter(deps, deps.importMaxBytes), jobsRouter(deps)] });
}
