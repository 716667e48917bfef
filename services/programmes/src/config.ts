import { loadConfig, z, port, infraEnv, hmacSecret } from '@metrodesk/config';

export const configSchema = z.object({
  ...infraEnv,
  PORT: port(4111),
  MONGO_DB: z.string().min(1).default('metrodesk_programmes'),
  IDENTITY_SECRET: hmacSecret,
  OUTBOX_INTERVAL_MS: z.coerce.number().int().positive().default(500),
  /** The province and its cities (JSON, as data/regions.json); another province loads its own. */
  REGIONS_FILE: z.string().optional(),
  /** Largest activity sheet accepted, e.g. 5mb. */
  IMPORT_LIMIT: z.string().default('5mb'),
});

export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
