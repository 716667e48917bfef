import { loadConfig, z, bool, infraEnv, serviceEnv, outboxEnv } from '@metrodesk/config';

export const configSchema = z.object({
  ...infraEnv,
  ...serviceEnv('requests', 4102),
  ...outboxEnv,
  /** Root folder of the local-disk attachment store. */
  ATTACHMENTS_DIR: z.string().min(1).default('./.local/attachments/requests'),
  /** The province and its cities (JSON, as packages/codes/data/regions.json), for city names in exports; another province loads its own. */
  REGIONS_FILE: z.string().optional(),
  CONSUMER_GROUP: z.string().min(1).default('requests'),
  /** A new consumer group reads each topic from its start (the enterprise projection needs history). */
  CONSUMER_FROM_BEGINNING: bool(true),
  /** Events of different keys (requests, enterprises, files) of one partition handled side by side; one key's events stay in order; 1: one message at a time. */
  CONSUMER_KEY_CONCURRENCY: z.coerce.number().int().positive().default(16),
});

export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
