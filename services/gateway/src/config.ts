import { loadConfig, z, port, csv, hmacSecret, listenEnv, processEnv } from '@metrodesk/config';

/** A service's base URL, or its replicas' separated by commas (the gateway takes turns and passes over one that is down). */
const url = z.string().refine((v) => {
  const bases = v.split(',').map((s) => s.trim()).filter(Boolean);
  return bases.length > 0 && bases.every((b) => URL.canParse(b) && /^https?:$/.test(new URL(b).protocol));
}, 'must be an http(s) URL, or several separated by commas');
export const SERVICES = ['accounts', 'requests', 'assignment', 'sla', 'training', 'qualifications', 'reporting', 'identity', 'notifications', 'programmes'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const configSchema = z.object({
  ...processEnv,
  PORT: port(4000),
  ...listenEnv,
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  IDENTITY_SECRET: hmacSecret,
  /** How long a forwarded identity stays valid; just long enough for one request. */
  FORWARDED_IDENTITY_TTL_SECONDS: z.coerce.number().int().min(5).max(60).default(30),
  ACCOUNTS_URL: url.default('http://127.0.0.1:4101'),
  REQUESTS_URL: url.default('http://127.0.0.1:4102'),
  ASSIGNMENT_URL: url.default('http://127.0.0.1:4103'),
  SLA_URL: url.default('http://127.0.0.1:4104'),
  TRAINING_URL: url.default('http://127.0.0.1:4105'),
  QUALIFICATIONS_URL: url.default('http://127.0.0.1:4106'),
  REPORTING_URL: url.default('http://127.0.0.1:4107'),
  IDENTITY_URL: url.default('http://127.0.0.1:4108'),
  NOTIFICATIONS_URL: url.default('http://127.0.0.1:4109'),
  PROGRAMMES_URL: url.default('http://127.0.0.1:4111'),
  CORS_ORIGINS: csv.default(['http://localhost:5173', 'http://127.0.0.1:4000']),
  /**
   * How many proxies in front of the gateway append to X-Forwarded-For (an ingress is 1). The
   * client address is read that many hops from the right; 0 takes the socket's peer, so a
   * client's own X-Forwarded-For is never believed.
   */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /** Requests per minute per signed-in user (or per client address when anonymous). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  CONSOLE_DIR: z.string().optional(),
  CONTRACTS_DIR: z.string().optional(),
  /** Bearer token Prometheus sends to read /metrics; without it the gateway serves no metrics. */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How long the gateway reuses identity's answer on whether a sign-in still stands. */
  SESSION_CHECK_CACHE_MS: z.coerce.number().int().min(0).max(30_000).default(3000),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(30000),
});

export type Config = z.infer<typeof configSchema>;
export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);

export function upstreams(c: Config): Record<ServiceName, string> {
  return {
    accounts: c.ACCOUNTS_URL,
    requests: c.REQUESTS_URL,
    assignment: c.ASSIGNMENT_URL,
    sla: c.SLA_URL,
    training: c.TRAINING_URL,
    qualifications: c.QUALIFICATIONS_URL,
    reporting: c.REPORTING_URL,
    identity: c.IDENTITY_URL,
    notifications: c.NOTIFICATIONS_URL,
    programmes: c.PROGRAMMES_URL,
  };
}
