import { loadConfig, z, port, infraEnv, hmacSecret, bool } from '@metrodesk/config';

export const configSchema = z.object({
  ...infraEnv,
  PORT: port(4101),
  MONGO_DB: z.string().min(1).default('metrodesk_accounts'),
  IDENTITY_SECRET: hmacSecret,
  OUTBOX_INTERVAL_MS: z.coerce.number().int().positive().default(500),
  REGIONS_FILE: z.string().optional(),
  CONSUMER_GROUP: z.string().min(1).default('accounts'),
  CONSUMER_FROM_BEGINNING: bool(true),
});

export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
