import { loadConfig, z, infraEnv, serviceEnv, outboxEnv } from '@metrodesk/config';

export const configSchema = z.object({
  ...infraEnv,
  ...serviceEnv('programmes', 4111),
  ...outboxEnv,
  /** The province and its cities (JSON, as packages/codes/data/regions.json); another province loads its own. */
  REGIONS_FILE: z.string().optional(),
  /** Largest activity sheet accepted, e.g. 5mb. */
  IMPORT_LIMIT: z.string().default('5mb'),
});

export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
