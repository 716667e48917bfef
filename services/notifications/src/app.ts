import type { Express } from 'express';
import type { Logger } from '@metrodesk/logger';
import { createBaseApp, requireIdentity } from '@metrodesk/http';
import type { Registry } from 'prom-client';
import type { DeliveryRepository, InboxRepository, LiveFeed, PreferencesRepository } from './use-cases/ports';
import { inboxRouter } from './http/inbox.router';
import { streamRouter, type OpenStreams } from './http/stream.router';
import { webhooksRouter } from './http/webhooks.router';
import { preferencesRouter } from './http/preferences.router';
import { deliveriesRouter } from './http/deliveries.router';
import type { WebhookDeps } from './use-cases/webhooks';

export interface AppDeps extends WebhookDeps {
  logger: Logger;
  identitySecret: string;
  readiness: Record<string, () => Promise<boolean>>;
  registry?: Registry;
  inbox: InboxRepository;
  preferences: PreferencesRepository;
  deliveries: DeliveryRepository;
  live: LiveFeed;
  heartbeatMs: number;
  maxStreamMs: number;
  streams: OpenStreams;
}

export function createApp(deps: AppDeps): Express {
  const base = createBaseApp({ service: 'notifications', logger: deps.logger, readiness: deps.readiness, registry: deps.registry });
  base.app.use(requireIdentity(deps.identitySecret));
  base.app.use(streamRouter(deps));
  base.app.use(inboxRouter(deps));
  base.app.use(webhooksRouter(deps));
  base.app.use(preferencesRouter(deps));
  base.app.use(deliveriesRouter(deps));
  return base.finish();
}
