import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once against a zod object schema. Every missing or bad variable
 * is reported together, so a misconfigured deployment fails on its first start with the
 * whole list instead of one variable per restart.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(root)';
    const value = issue.path.length === 1 ? env[String(issue.path[0])] : undefined;
    return value === undefined ? `${name}: ${issue.message}` : `${name}: ${issue.message} (got "${value}")`;
  });
  throw new ConfigError(problems);
}

/** Common variables: every service reads the same names for the same infrastructure. */
/**
 * A shared HMAC secret (the forwarded identity): 32 bytes at least, the size of the SHA-256
 * output it keys; anything shorter is guessable offline from one signed header.
 */
export const hmacSecret = z.string().refine((v) => Buffer.byteLength(v, 'utf8') >= 32, 'must be at least 32 bytes');
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
export const csv = z
  .string()
  .min(1)
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

/**
 * The interface a service listens on. Loopback by default, so a service started on a
 * developer's machine is not reachable from the network; the generated Kubernetes and compose
 * environments set 0.0.0.0, where the pod's or container's own network is the boundary and
 * NetworkPolicies let only the gateway in.
 */
export const listenEnv = {
  HOST: z.string().min(1).default('127.0.0.1'),
};

/**
 * What the server behind MONGO_URL needs beyond MongoDB's own guarantees (see
 * @metrodesk/mongo's compat module): `none` for MongoDB, `ferretdb-v1` for the local
 * MongoDB-wire server that deploy/local runs.
 */
export const mongoCompatModes = ['none', 'ferretdb-v1'] as const;
export type MongoCompat = (typeof mongoCompatModes)[number];
export const mongoCompat = z.enum(mongoCompatModes, { error: () => `must be one of ${mongoCompatModes.join(', ')}` }).default('none');

/** The MONGO_COMPAT setting on its own (for code that connects outside a service's config): absent means `none`. */
export function parseMongoCompat(value: string | undefined): MongoCompat {
  const r = mongoCompat.safeParse(value);
  if (r.success) return r.data;
  throw new ConfigError([`MONGO_COMPAT: ${r.error.issues[0]?.message} (got "${value}")`]);
}

/**
 * MONGO_COMPAT_LOCK_URL: a Redis that every process of every service shares, where the
 * ferretdb-v1 write serialisation takes its locks so it holds across replicas (@metrodesk/mongo's
 * compat module, docs/decisions/0010). Absent: each process serialises only its own writes.
 * Read on its own by the compat layer, so no service's schema needs it.
 */
export const mongoCompatLockUrl = z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional();

export function parseMongoCompatLockUrl(value: string | undefined): string | undefined {
  const r = mongoCompatLockUrl.safeParse(value === '' ? undefined : value);
  if (r.success) return r.data;
  throw new ConfigError([`MONGO_COMPAT_LOCK_URL: ${r.error.issues[0]?.message} (got "${value}")`]);
}

/** What every process reads, the gateway included: how it runs and how much it logs. */
export const processEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

export const infraEnv = {
  ...listenEnv,
  ...processEnv,
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URL'),
  MONGO_COMPAT: mongoCompat,
  KAFKA_BROKERS: csv,
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  /** Prefix of every topic and consumer group, when one Kafka cluster carries several deployments or test runs. */
  KAFKA_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be 1-60 letters, digits, "_" or "-"')
    .optional(),
};

/**
 * What every service behind the gateway declares besides the infrastructure: its port, its own
 * database (`metrodesk_<service>` unless set) and the secret the gateway signs forwarded
 * identities with. Spread after `infraEnv` (and any other shared group the service reads).
 */
export const serviceEnv = (service: string, defaultPort: number) => ({
  PORT: port(defaultPort),
  MONGO_DB: z.string().min(1).default(`metrodesk_${service}`),
  IDENTITY_SECRET: hmacSecret,
});

/** How often the outbox relay polls, for a service whose writes carry events. */
export const outboxEnv = {
  OUTBOX_INTERVAL_MS: z.coerce.number().int().positive().default(500),
};

export const redisEnv = {
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
};

export { z };

/**
 * The variables a service's config schema declares, looking through refinements and
 * transforms (deploy tooling lists them to check manifests against the code).
 */
export function configShape(schema: z.ZodType): Record<string, z.ZodType> {
  let s: unknown = schema;
  for (let i = 0; i < 10 && s; i++) {
    const node = s as { shape?: Record<string, z.ZodType>; in?: unknown; def?: { in?: unknown; innerType?: unknown; schema?: unknown } };
    if (node.shape) return node.shape;
    s = node.in ?? node.def?.in ?? node.def?.innerType ?? node.def?.schema;
  }
  throw new Error('not an object config schema');
}
