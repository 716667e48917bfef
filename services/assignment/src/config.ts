import { loadConfig, z, infraEnv, bool, serviceEnv, outboxEnv } from '@metrodesk/config';

export const configSchema = z.object({
  ...infraEnv,
  ...serviceEnv('assignment', 4103),
  ...outboxEnv,
  /** Consumer group (KAFKA_NAMESPACE prefixes it, as it does the topics). */
  CONSUMER_GROUP: z.string().min(1).default('assignment'),
  /** A new group reads each topic from its start, so the projections see the whole history. */
  CONSUMER_FROM_BEGINNING: bool(true),
  /** Requests of one partition handled side by side (a request's own events stay in order); 1: one message at a time. */
  CONSUMER_KEY_CONCURRENCY: z.coerce.number().int().positive().default(16),
  /** How long one instance may route from its in-memory copy of a city's roster and loads; 0 reads every time. */
  ROSTER_CACHE_MS: z.coerce.number().int().nonnegative().default(1000),
  /**
   * How old any liaison's count of open work may get: this instance's own steps count at
   * once, and one liaison at a time is recounted from the database (another instance's work
   * shows within this time).
   */
  LOAD_CACHE_MS: z.coerce.number().int().positive().default(60000),
  /** How long one instance may use a known enterprise city (a move learnt by this instance applies at once). */
  ENTERPRISE_CACHE_MS: z.coerce.number().int().nonnegative().default(60000),
  BUREAUS_FILE: z.string().optional(),
  /** Capacity a liaison learnt from identity events starts with, until a manager sets it. */
  DEFAULT_CAPACITY: z.coerce.number().int().positive().default(10),
});

export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
