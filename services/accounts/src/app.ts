import type { Express } from 'express';
import { createServiceApp, type ServiceAppDeps } from '@metrodesk/http';
import type { AccountsDeps } from './use-cases/ports';
import { enterprisesRouter } from './http/enterprises.router';
import { contactsRouter } from './http/contacts.router';
import { outreachRouter } from './http/outreach.router';
import { regionsRouter } from './http/regions.router';
import { importExportRouter } from './http/import-export.router';
import { recordsRouter } from './http/records.router';
import { instrumentsRouter } from './http/instruments.router';
import { recordsSheetsRouter } from './http/records-sheets.router';

export type AppDeps = AccountsDeps & ServiceAppDeps;

export function createApp(deps: AppDeps): Express {
  return createServiceApp('accounts', deps, { routers: [importExportRouter(deps), enterprisesRouter(deps), contactsRouter(deps), outreachRouter(deps), regionsRouter(deps), recordsSheetsRouter(deps), recordsRouter(deps), instrumentsRouter(deps)] });
}
