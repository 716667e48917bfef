import { loadConfig, z, infraEnv, csv, bool, serviceEnv } from '@metrodesk/config';

export const configSchema = z.object({
  ...infraEnv,
  ...serviceEnv('sla', 4104),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').default('redis://127.0.0.1:6390'),
  /** Redis key prefix of the timer queue, for deployments (and the bench) that share one Redis and must wipe only their own. */
  SLA_QUEUE_PREFIX: z.string().min(1).default('metrodesk-sla'),
  /** Fallback poll of the outbox relay: every local write wakes it at once, so this only finds what a crash left pending. */
  OUTBOX_INTERVAL_MS: z.coerce.number().int().positive().default(2000),
  RECONCILE_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  TIMER_CONCURRENCY: z.coerce.number().int().positive().default(50),
  CONSUMER_GROUP: z.string().min(1).default('sla'),
  /** A new consumer group reads the request history from the start (first deployment); false starts at the end. */
  CONSUMER_FROM_BEGINNING: bool(true),
  /** Calendar JSON files loaded at first start (comma-separated); the 2026 China sample by default. */
  CALENDAR_FILES: csv.optional(),
});

export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
