import type { Express } from 'express';
import { createServiceApp, type ServiceAppDeps } from '@metrodesk/http';
import type { DeliveryRepository, InboxRepository, LiveFeed, PreferencesRepository } from './use-cases/ports';
import { inboxRouter } from './http/inbox.router';
import { streamRouter, type OpenStreams } from './http/stream.router';
import { webhooksRouter } from './http/webhooks.router';
import { preferencesRouter } from './http/preferences.router';
import { deliveriesRouter } from './http/deliveries.router';
import type { WebhookDeps } from './use-cases/webhooks';

export interface AppDeps extends WebhookDeps, ServiceAppDeps {
  inbox: InboxRepository;
  preferences: PreferencesRepository;
  deliveries: DeliveryRepository;
  live: LiveFeed;
  heartbeatMs: number;
  maxStreamMs: number;
  streams: OpenStreams;
}

export function createApp(deps: AppDeps): Express {
  return createServiceApp('notifications', deps, { routers: [streamRouter(deps), inboxRouter(deps), webhooksRouter(deps), preferencesRouter(deps), deliveriesRouter(deps)] });
}
