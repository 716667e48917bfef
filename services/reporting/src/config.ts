import { loadConfig, z, infraEnv, bool, serviceEnv } from '@metrodesk/config';

export const configSchema = z.object({
  ...infraEnv,
  ...serviceEnv('reporting', 4107),
  /** Region data (province and cities); defaults to the bundled Liaoning list. */
  REGIONS_FILE: z.string().optional(),
  CONSUMER_GROUP: z.string().min(1).default('reporting'),
  /** A new read model must see every event ever published; false starts a new group at the end (a benchmark's read model). */
  CONSUMER_FROM_BEGINNING: bool(true),
  /** Back-off after a failed rollup pass (the rollup itself runs as soon as a day is marked). */
  ROLLUP_RETRY_MS: z.coerce.number().int().positive().default(500),
});

export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
