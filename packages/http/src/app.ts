import { randomUUID, timingSafeEqual } from 'node:crypto';
import express, { type Express, type RequestHandler, type Request } from 'express';
import helmet from 'helmet';
import { Registry, collectDefaultMetrics, Histogram } from 'prom-client';
import { runWithContext, type Logger } from '@metrodesk/logger';
import { verifyIdentity, IDENTITY_HEADER, type Identity } from '@metrodesk/access';
import { DomainError, UnauthorizedError, NotFoundError } from '@metrodesk/errors';
import { problemHandler } from './problem';
import { jsonBodyCheck } from './body-check';

export interface BaseAppOptions {
  service: string;
  logger: Logger;
  /** JSON body limit, e.g. '256kb'. */
  bodyLimit?: string;
  /** Named checks behind /readyz; each answers true when its dependency is reachable. */
  readiness?: Record<string, () => Promise<boolean>>;
  registry?: Registry;
  /**
   * Who may read /metrics: 'open' (a service only the cluster reaches), 'none' (not served
   * here), or a scrape token sent as `Authorization: Bearer <token>` (a public entry point).
   */
  metricsAccess?: 'open' | 'none' | { token: string };
  /**
   * How many proxies in front append to X-Forwarded-For; req.ip is read that many hops from
   * the right. A service sits behind exactly one, the gateway, which replaces the header with
   * the client it saw; so its per-client limits (identity's sign-in throttle) see the real
   * client wherever the gateway runs, and a client's own header is never believed. The
   * gateway passes its TRUST_PROXY_HOPS (the ingress in front of it).
   */
  trustProxyHops?: number;
}

export interface BaseApp {
  app: Express;
  registry: Registry;
  /** Mount routers between `app` creation and `finish()`. */
  finish(): Express;
}

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * An Express app with what every service shares: request and correlation ids (echoed in
 * headers and carried into every log line), helmet, a JSON body limit, access logs,
 * /healthz, /readyz, /metrics, and — via finish() — a problem+json 404 and error handler.
 */
export function createBaseApp({ service, logger, bodyLimit = '256kb', readiness = {}, registry = new Registry(), metricsAccess = 'open', trustProxyHops = 1 }: BaseAppOptions): BaseApp {
  const app = express();
  app.disable('x-powered-by');
  // requireIdentity reads it: a forwarded identity signed for another service is refused here.
  app.locals.service = service;
  app.set('trust proxy', trustProxyHops);
  registry.setDefaultLabels({ service });
  if (!registry.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  app.use((req, res, next) => {
    const given = req.header('x-request-id');
    req.id = given && ID_PATTERN.test(given) ? given : randomUUID();
    const corr = req.header('x-correlation-id');
    req.correlationId = corr && ID_PATTERN.test(corr) ? corr : req.id;
    res.setHeader('X-Request-Id', req.id);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const route = req.route?.path ? `${req.baseUrl}${req.route.path}` : 'unmatched';
      httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      if (!req.path.startsWith('/healthz') && !req.path.startsWith('/readyz') && !req.path.startsWith('/metrics')) {
        logger.info({ requestId: req.id, correlationId: req.correlationId, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
      }
    });
    runWithContext({ requestId: req.id, correlationId: req.correlationId }, next);
  });
  app.use(helmet());
  app.use(express.json({ limit: bodyLimit }));
  app.use(jsonBodyCheck);
  // OPTIONS is answered here, from every route the app has by the time a request comes, so
  // that a mounted router does not answer it alone with the methods of a parameter route
  // that merely matches a literal path.
  app.use((req, res, next) => {
    if (req.method !== 'OPTIONS') return next();
    const allowed = [...methodsFor(routerStack(app), req.path)];
    if (allowed.length === 0) return next();
    res.setHeader('Allow', allowed.join(', '));
    res.status(204).end();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', service });
  });
  app.get('/readyz', async (_req, res) => {
    const entries = await Promise.all(
      Object.entries(readiness).map(async ([name, check]) => {
        try {
          return [name, await check()] as const;
        } catch {
          return [name, false] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    const ready = entries.every(([, ok]) => ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', service, checks });
  });
  if (metricsAccess !== 'none') {
    const expected = typeof metricsAccess === 'object' ? Buffer.from(`Bearer ${metricsAccess.token}`) : null;
    app.get('/metrics', async (req, res, next) => {
      const given = Buffer.from(req.header('authorization') ?? '');
      if (expected && (given.length !== expected.length || !timingSafeEqual(given, expected))) return next(new NotFoundError('route', 'GET /metrics'));
      res.type(registry.contentType).send(await registry.metrics());
    });
  }

  return {
    app,
    registry,
    finish() {
      app.use((req, res, next) => {
        // A known path asked with another method is 405 with Allow, not 404 (RFC 9110 §15.5.6).
        const allowed = [...methodsFor(routerStack(app), req.path)];
        if (allowed.length > 0 && !allowed.includes(req.method)) {
          res.setHeader('Allow', allowed.join(', '));
          return next(new DomainError('method_not_allowed', 405, `${req.method} is not allowed on ${req.path}; use ${allowed.join(', ')}.`, { allow: allowed }));
        }
        next(new NotFoundError('route', `${req.method} ${req.path}`));
      });
      app.use(problemHandler(logger));
      return app;
    },
  };
}

/** What a service's app takes from its wiring besides its own use cases' dependencies. */
export interface ServiceAppDeps {
  logger: Logger;
  /** The secret the gateway signs forwarded identities with (IDENTITY_SECRET). */
  identitySecret: string;
  readiness: Record<string, () => Promise<boolean>>;
  registry?: Registry;
}

export interface ServiceAppOptions {
  /** Mounted after the identity check, in this order: the order decides which of two matching routes answers. */
  routers: RequestHandler[];
  /** Mounted before the identity check: routes a caller without an identity may use (identity's sign-in). */
  publicRouters?: RequestHandler[];
  bodyLimit?: string;
}

/**
 * A service's API: the base app (see `createBaseApp`), its public routers, the check of the
 * identity the gateway forwarded, its routers, then the 404/405 and problem+json handlers.
 */
export function createServiceApp(service: string, deps: ServiceAppDeps, { routers, publicRouters = [], bodyLimit }: ServiceAppOptions): Express {
  const base = createBaseApp({ service, logger: deps.logger, readiness: deps.readiness, registry: deps.registry, bodyLimit });
  for (const router of publicRouters) base.app.use(router);
  base.app.use(requireIdentity(deps.identitySecret));
  for (const router of routers) base.app.use(router);
  return base.finish();
}

/** Verifies the identity the gateway forwarded; every business route sits behind it. */
export function requireIdentity(secret: string): RequestHandler {
  return (req, _res, next) => {
    try {
      req.identity = verifyIdentity(req.header(IDENTITY_HEADER), secret, Date.now(), req.app.locals.service as string | undefined);
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function identityOf(req: Request): Identity {
  if (!req.identity) throw new UnauthorizedError();
  return req.identity;
}

interface RouterLayer {
  // router 2.x returns the match (with the matched prefix) rather than setting layer.path.
  match(path: string): false | undefined | { path?: string; keys?: string[] };
  path?: string;
  route?: { _methods(): string[] };
  handle?: { stack?: RouterLayer[] };
}

function routerStack(app: Express): RouterLayer[] {
  return (app as unknown as { router?: { stack: RouterLayer[] } }).router?.stack ?? [];
}

/**
 * The methods the app's routes answer on this path, looking into mounted routers. A route with
 * a literal path (`/activities/export`) speaks for its path alone: the methods of a parameter
 * route that happens to match the same words (`/activities/:id`) are not offered there.
 */
function methodsFor(stack: RouterLayer[], path: string): Set<string> {
  const { literal, param } = routeMethods(stack, path);
  return literal.size > 0 ? literal : param;
}

function routeMethods(stack: RouterLayer[], path: string): { literal: Set<string>; param: Set<string> } {
  const literal = new Set<string>();
  const param = new Set<string>();
  for (const layer of stack) {
    const m = layer.match(path);
    if (!m) continue;
    if (layer.route) {
      const into = typeof m === 'object' && (m.keys?.length ?? 0) > 0 ? param : literal;
      for (const method of layer.route._methods()) into.add(method.toUpperCase());
      if (into.has('GET')) into.add('HEAD');
    } else if (layer.handle?.stack) {
      const prefix = (typeof m === 'object' ? m.path : undefined) ?? layer.path ?? '';
      const nested = routeMethods(layer.handle.stack, path.slice(prefix.length) || '/');
      for (const method of nested.literal) literal.add(method);
      for (const method of nested.param) param.add(method);
    }
  }
  return { literal, param };
}
