import { loadConfig, z, bool, infraEnv, serviceEnv, outboxEnv } from '@metrodesk/config';
import { privacyEnv } from '@metrodesk/privacy';

export const configSchema = z.object({
  ...infraEnv,
  ...privacyEnv,
  ...serviceEnv('training', 4105),
  ...outboxEnv,
  /** Province prefix of certificate numbers: LN is Liaoning. */
  CERT_PREFIX: z.string().regex(/^[A-Z]{2,4}$/, 'must be 2-4 capital letters').default('LN'),
  /** Consumer group of the accounts projection (KAFKA_NAMESPACE prefixes it, as it does the topics). */
  CONSUMER_GROUP: z.string().min(1).default('training'),
  /** A new consumer group reads the enterprise topic from its start, to build the employer projection. */
  CONSUMER_FROM_BEGINNING: bool(true),
  /** Largest attendance sheet accepted, e.g. 5mb. */
  IMPORT_LIMIT: z.string().default('5mb'),
});

export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
