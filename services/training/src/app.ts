import type { Express } from 'express';
import { createServiceApp, type ServiceAppDeps } from '@metrodesk/http';
import type { TrainingDeps } from './use-cases/ports';
import { coursesRouter } from './http/courses.router';
import { sessionsRouter } from './http/sessions.router';
import { peopleRouter } from './http/people.router';

export interface AppDeps extends TrainingDeps, ServiceAppDeps {
  importLimit: string;
}

export function createApp(deps: AppDeps): Express {
  return createServiceApp('training', deps, { routers: [coursesRouter(deps), sessionsRouter(deps, deps.importLimit), peopleRouter(deps)] });
}
