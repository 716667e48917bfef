import type { Express } from 'express';
import type { Logger } from '@metrodesk/logger';
import { createBaseApp, requireIdentity } from '@metrodesk/http';
import type { Registry } from 'prom-client';
import type { TrainingDeps } from './use-cases/ports';
import { coursesRouter } from './http/courses.router';
import { sessionsRouter } from './http/sessions.router';
import { peopleRouter } from './http/people.router';

export interface AppDeps extends TrainingDeps {
  logger: Logger;
  identitySecret: string;
  readiness: Record<string, () => Promise<boolean>>;
  registry?: Registry;
  importLimit: string;
}

export function createApp(deps: AppDeps): Express {
  const base = createBaseApp({ service: 'training', logger: deps.logger, readiness: deps.readiness, registry: deps.registry });
  base.app.use(requireIdentity(deps.identitySecret));
  base.app.use(coursesRouter(deps));
  base.app.use(sessionsRouter(deps, deps.importLimit));
  base.app.use(peopleRouter(deps));
  return base.finish();
}
