import type { Express } from 'express';
import type { Logger } from '@metrodesk/logger';
import { createBaseApp, requireIdentity } from '@metrodesk/http';
import type { Registry } from 'prom-client';
import type { AccountsDeps } from './use-cases/ports';
import { enterprisesRouter } from './http/enterprises.router';
import { contactsRouter } from './http/contacts.router';
import { outreachRouter } from './http/outreach.router';
import { regionsRouter } from './http/regions.router';
import { importExportRouter } from './http/import-export.router';
import { recordsRouter } from './http/records.router';
import { instrumentsRouter } from './http/instruments.router';
import { recordsSheetsRouter } from './http/records-sheets.router';

export interface AppDeps extends AccountsDeps {
  logger: Logger;
  identitySecret: string;
  readiness: Record<string, () => Promise<boolean>>;
  registry?: Registry;
}

export function createApp(deps: AppDeps): Express {
  const base = createBaseApp({ service: 'accounts', logger: deps.logger, readiness: deps.readiness, registry: deps.registry });
  base.app.use(requireIdentity(deps.identitySecret));
  base.app.use(importExportRouter(deps));
  base.app.use(enterprisesRouter(deps));
  base.app.use(contactsRouter(deps));
  base.app.use(outreachRouter(deps));
  base.app.use(regionsRouter(deps));
  base.app.use(recordsSheetsRouter(deps));
  base.app.use(recordsRouter(deps));
  base.app.use(instrumentsRouter(deps));
  return base.finish();
}
