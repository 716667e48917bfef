import { loadConfig, z, bool, csv, infraEnv, redisEnv, serviceEnv, outboxEnv } from '@metrodesk/config';
import { ROLES } from '@metrodesk/access';
import { privacyEnv } from '@metrodesk/privacy';

export const configSchema = z.object({
  ...infraEnv,
  ...redisEnv,
  ...serviceEnv('qualifications', 4106),
  ...outboxEnv,
  /**
   * Keyed hash of ID numbers; must equal the training service's, since events carry the hash.
   * Both keys are required everywhere: a key committed to the repository protects nothing, and
   * data written under it could not be moved to real keys (deploy/local/run generates both).
   */
  ID_HASH_KEY: privacyEnv.ID_HASH_KEY,
  ID_ENCRYPTION_KEY: privacyEnv.ID_ENCRYPTION_KEY,
  /** Roles that see ID numbers in full; everyone else sees the last 4 characters. */
  ID_NUMBER_ROLES: csv.pipe(z.array(z.enum(ROLES))).default(['admin', 'province_manager']),
  EXPIRY_WINDOW_DAYS: z.coerce.number().int().positive().default(90),
  TIME_ZONE: z.string().default('Asia/Shanghai'),
  /** When the daily expiry job runs (cron, in TIME_ZONE). */
  EXPIRY_CRON: z.string().default('15 0 * * *'),
  EXPIRY_QUEUE: z.string().min(1).default('qualifications-expiry'),
  JOBS_ENABLED: bool(true),
  CONSUMER_GROUP: z.string().min(1).default('qualifications'),
  /** A new consumer group reads the training topic from its start, so prerequisites already passed count. */
  CONSUMER_FROM_BEGINNING: bool(true),
  QUALIFICATION_TYPES_FILE: z.string().optional(),
  IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
});

export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
