import { loadConfig, z, infraEnv, bool, serviceEnv, outboxEnv } from '@metrodesk/config';

export const configSchema = z.object({
  ...infraEnv,
  ...serviceEnv('identity', 4108),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  ACCESS_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
  REFRESH_TTL_SECONDS: z.coerce.number().int().min(300).default(14 * 24 * 3600),
  /** Sign-in attempts one client may make on one account, and across accounts, per window. */
  LOGIN_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_ATTEMPTS_PER_CLIENT: z.coerce.number().int().min(1).default(50),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** The refresh-token cookie: its path as the browser sees it, and whether it needs HTTPS (browsers treat localhost as secure). */
  REFRESH_COOKIE_PATH: z.string().startsWith('/').default('/api/identity/auth'),
  REFRESH_COOKIE_SECURE: bool(true),
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(10),
  PROVINCE_CODE: z.string().regex(/^\d{6}$/).default('210000'),
  ...outboxEnv,
  /** Creates the first admin when there are no users at all (fresh installs only). */
  BOOTSTRAP_ADMIN_USERNAME: z.string().optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().optional(),
});

export type Config = z.infer<typeof configSchema>;
export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
