import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '@metrodesk/logger';
import { createBaseApp } from '@metrodesk/http';
import { signIdentity, verifyAccessToken } from '@metrodesk/access';
import { DomainError, ForbiddenError, NotFoundError } from '@metrodesk/errors';
import { SERVICES, type ServiceName } from './config';
import { RateLimiter } from './domain/rate-limit';
import { forward } from './http/proxy';
import { docsRouter } from './http/docs.router';
import { normaliseUrl } from './http/path';
import { Upstream } from './http/upstream';
import { SessionCheck } from './http/session-check';

export interface GatewayDeps {
  logger: Logger;
  jwtSecret: string;
  identitySecret: string;
  identityTtlSeconds: number;
  /** Each service's base URL, or its replicas' (see Upstream). */
  upstreams: Record<ServiceName, string | readonly string[]>;
  corsOrigins: string[];
  rateLimitPerMinute: number;
  trustProxyHops: number;
  upstreamTimeoutMs: number;
  consoleDir?: string;
  contractsDir: string;
  readiness?: Record<string, () => Promise<boolean>>;
  registry?: Registry;
  metricsToken?: string;
  /** How long an answer about a sign-in's standing is reused: the most a revoked token lives on. */
  sessionCacheMs: number;
}

class RateLimitedError extends DomainError {
  constructor(readonly retryAfter: number) {
    super('rate_limited', 429, `Too many requests; try again in ${retryAfter} s.`, { retryAfter });
  }
}

/** Only listed origins may call the API from a browser; preflights are answered here. */
function cors(origins: string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.header('origin');
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, Location, Retry-After');
    }
    if (req.method === 'OPTIONS' && origin) {
      if (!allowed.has(origin)) return next(new ForbiddenError(`Origin ${origin} may not call this API.`));
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, If-Match, X-Request-Id');
      res.setHeader('Access-Control-Max-Age', '600');
      return res.status(204).end();
    }
    next();
  };
}

export function createApp(deps: GatewayDeps): Express {
  const base = createBaseApp({ service: 'gateway', logger: deps.logger, readiness: deps.readiness, registry: deps.registry, bodyLimit: '1mb', metricsAccess: deps.metricsToken ? { token: deps.metricsToken } : 'none', trustProxyHops: deps.trustProxyHops });
  const { app } = base;
  const limiter = new RateLimiter(deps.rateLimitPerMinute);
  const pools = Object.fromEntries(Object.entries(deps.upstreams).map(([name, bases]) => [name, new Upstream(name, bases)])) as Record<ServiceName, Upstream>;
  const sessions = new SessionCheck(pools.identity, deps.identitySecret, deps.sessionCacheMs, deps.upstreamTimeoutMs);
  // Every decision below (public path, service, rate-limit key) reads the normalised path.
  app.use((req, _res, next) => {
    try {
      req.url = normaliseUrl(req.url);
      next();
    } catch (err) {
      next(err);
    }
  });
  app.use('/api', cors(deps.corsOrigins));

  app.use('/api/:service', async (req, res, next) => {
    const service = req.params.service as ServiceName;
    if (!SERVICES.includes(service)) return next(new NotFoundError('service', String(req.params.service)));
    // A service's operational endpoints are for the cluster, not for callers of the API.
    if (/^\/(metrics|healthz|readyz|internal)(\/|$)/.test(req.path)) return next(new NotFoundError('route', `${req.method} ${req.originalUrl.split('?')[0]}`));
    // Sign-in, refresh and sign-out are the only calls without a token.
    const isPublic = service === 'identity' && req.path.startsWith('/auth/');
    let identity: string | undefined;
    let who = `ip:${req.ip}`;
    if (!isPublic) {
      const auth = req.header('authorization');
      let claims: ReturnType<typeof verifyAccessToken>;
      try {
        claims = verifyAccessToken(auth?.startsWith('Bearer ') ? auth.slice(7) : undefined, deps.jwtSecret);
      } catch (err) {
        // A missing or bad token still spends the client's budget: guessing tokens is not free.
        const wait = limiter.take(who);
        if (wait > 0) res.setHeader('Retry-After', String(wait));
        return next(wait > 0 ? new RateLimitedError(wait) : err);
      }
      who = `user:${claims.sub}`;
      await sessions.require(claims);
      identity = signIdentity(
        {
          userId: claims.sub,
          role: claims.role,
          ...(claims.name ? { name: claims.name } : {}),
          ...(claims.enterpriseId ? { enterpriseId: claims.enterpriseId } : {}),
          ...(claims.cityCode ? { cityCode: claims.cityCode } : {}),
          ...(claims.provinceCode ? { provinceCode: claims.provinceCode } : {}),
          aud: service,
        },
        deps.identitySecret,
        deps.identityTtlSeconds,
      );
    }
    const wait = limiter.take(who);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      return next(new RateLimitedError(wait));
    }
    forward(pools[service], req.url, identity, deps.upstreamTimeoutMs, isPublic)(req, res, next);
  });

  app.use(docsRouter(deps.contractsDir));

  if (deps.consoleDir && existsSync(join(deps.consoleDir, 'index.html'))) {
    const dir = deps.consoleDir;
    app.use(express.static(dir, { index: 'index.html', maxAge: '1h' }));
    // The console routes on the client: any other GET outside /api and /docs is the app.
    app.get(/^\/(?!api\/|docs|healthz|readyz|metrics).*/, (_req, res) => res.sendFile(join(dir, 'index.html')));
  }
  return base.finish();
}
