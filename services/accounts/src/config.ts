import { loadConfig, z, port, infraEnv, hmacSecret, bool } from '@metrodesk/config';
import { INSTRUMENT_CLASSES } from '@metrodesk/contracts';

/** `gas_alarm=45,pressure_gauge=20`: days ahead an instrument of that class counts as falling due. */
const daysByClass = z
  .string()
  .default('')
  .transform((v, ctx) => {
    const out: Partial<Record<(typeof INSTRUMENT_CLASSES)[number], number>> = {};
    for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
      const [cls, days] = part.split('=').map((p) => p.trim());
      const n = Number(days);
      if (!(INSTRUMENT_CLASSES as readonly string[]).includes(cls ?? '') || !Number.isInteger(n) || n < 0 || n > 365) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not <class>=<days 0-365> with a class of ${INSTRUMENT_CLASSES.join(', ')}` });
        return z.NEVER;
      }
      out[cls as (typeof INSTRUMENT_CLASSES)[number]] = n;
    }
    return out;
  });

export const configSchema = z.object({
  ...infraEnv,
  PORT: port(4101),
  MONGO_DB: z.string().min(1).default('metrodesk_accounts'),
  IDENTITY_SECRET: hmacSecret,
  OUTBOX_INTERVAL_MS: z.coerce.number().int().positive().default(500),
  REGIONS_FILE: z.string().optional(),
  CONSUMER_GROUP: z.string().min(1).default('accounts'),
  CONSUMER_FROM_BEGINNING: bool(true),
  INSTRUMENT_DUE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  INSTRUMENT_DUE_DAYS_BY_CLASS: daysByClass,
  /** How often the service looks whether today's falling-due scan went through; 0 runs it only when asked. */
  DUE_SCAN_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
});

export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
