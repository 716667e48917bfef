import { loadConfig, z, port, bool, infraEnv, redisEnv, serviceEnv } from '@metrodesk/config';

export const configSchema = z.object({
  ...infraEnv,
  ...redisEnv,
  ...serviceEnv('notifications', 4109),
  /** Prefix of this service's BullMQ queues and Redis keys, for deployments that share one Redis. */
  QUEUE_PREFIX: z.string().min(1).default('metrodesk:notifications'),
  /** Consumer group of the event consumers (KAFKA_NAMESPACE prefixes it, as it does the topics). */
  CONSUMER_GROUP: z.string().min(1).default('notifications'),
  /** A new consumer group reads the user topic from its start, to build the users projection. */
  CONSUMER_FROM_BEGINNING: bool(true),
  /**
   * Events of different requests (message key = request id) handled side by side within one
   * partition, up to this many; one request's events stay in order.
   */
  CONSUMER_KEY_CONCURRENCY: z.coerce.number().int().positive().default(16),
  /** How long the people, preferences and webhook look-ups are reused across events. */
  LOOKUP_CACHE_MS: z.coerce.number().int().min(0).default(2000),
  /** The SLA service's calendar (from `sla.calendar.saved`) whose working days the city managers' digest goes out on. */
  CALENDAR_ID: z.string().min(1).default('cn'),
  /** The region data naming cities in the managers' digests; default the bundled Liaoning file. */
  REGIONS_FILE: z.string().optional(),
  SMTP_HOST: z.string().min(1),
  SMTP_PORT: port(25),
  /** Implicit TLS (port 465); STARTTLS is used whenever the server offers it. */
  SMTP_SECURE: bool(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().min(3).default('计量服务平台 <noreply@metrodesk.local>'),
  /** Where the links in emails point: the console's public address. */
  CONSOLE_URL: z.string().url().default('http://127.0.0.1:4000'),
  /** Emails to one person per minute before the rest of a burst is folded into one. */
  EMAIL_PER_MINUTE: z.coerce.number().int().positive().default(30),
  /** Beijing-time hours in which email waits (emergencies excepted); equal values turn them off. */
  QUIET_HOURS_FROM: z.coerce.number().int().min(0).max(23).default(22),
  QUIET_HOURS_TO: z.coerce.number().int().min(0).max(23).default(7),
  EMAIL_CONCURRENCY: z.coerce.number().int().positive().default(4),
  /** How long a webhook receiver has to answer one delivery. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().positive().default(8),
  /** Days an inbox entry is kept. */
  INBOX_RETENTION_DAYS: z.coerce.number().int().positive().default(90),
  /** A comment line on open streams this often, so proxies keep them open. */
  STREAM_HEARTBEAT_MS: z.coerce.number().int().positive().default(15_000),
  /**
   * A stream ends after this long and the client reconnects (resuming with Last-Event-ID),
   * so an open stream never outlives the access token it was opened with by much.
   */
  STREAM_MAX_MS: z.coerce.number().int().positive().default(600_000),
});

export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
