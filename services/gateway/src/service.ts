import { join } from 'node:path';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Express } from 'express';
import { createLogger, type Logger } from '@metrodesk/logger';
import { httpLifecycle } from '@metrodesk/runtime';
import { upstreams, type Config } from './config';
import { createApp } from './app';

export interface GatewayService {
  app: Express;
  start(port?: number): Promise<number>;
  stop(): Promise<void>;
}

/** The gateway holds no database or broker: it is ready when it can take requests. */
export function createGatewayService(config: Config, logger: Logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL })): GatewayService {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const root = join(__dirname, '..', '..', '..');
  const app = createApp({
    logger,
    jwtSecret: config.JWT_SECRET,
    identitySecret: config.IDENTITY_SECRET,
    identityTtlSeconds: config.FORWARDED_IDENTITY_TTL_SECONDS,
    upstreams: upstreams(config),
    corsOrigins: config.CORS_ORIGINS,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    trustProxyHops: config.TRUST_PROXY_HOPS,
    upstreamTimeoutMs: config.UPSTREAM_TIMEOUT_MS,
    consoleDir: config.CONSOLE_DIR ?? join(root, 'services', 'console', 'dist'),
    contractsDir: config.CONTRACTS_DIR ?? join(root, 'contracts', 'http'),
    registry,
    metricsToken: config.METRICS_TOKEN,
    sessionCacheMs: config.SESSION_CHECK_CACHE_MS,
  });
  return { app, ...httpLifecycle(app, { defaultPort: config.PORT, host: config.HOST, logger }) };
}
