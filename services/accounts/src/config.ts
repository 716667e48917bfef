import { loadConfig, z, infraEnv, bool, serviceEnv, outboxEnv } from '@metrodesk/config';
import { INSTRUMENT_CLASSES } from '@metrodesk/contracts';

type PerClass = Partial<Record<(typeof INSTRUMENT_CLASSES)[number], number>>;

/** `<class>=<n>,<class>=<n>`: a number per instrument class, each from `min` to `max`. */
const perClass = (min: number, max: number, unit: string) =>
  z
    .string()
    .default('')
    .transform((v, ctx) => {
      const out: PerClass = {};
      for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
        const [cls, value] = part.split('=').map((p) => p.trim());
        const n = Number(value);
        if (!(INSTRUMENT_CLASSES as readonly string[]).includes(cls ?? '') || !Number.isInteger(n) || n < min || n > max) {
          ctx.addIssue({ code: 'custom', message: `"${part}" is not <class>=<${unit} ${min}-${max}> with a class of ${INSTRUMENT_CLASSES.join(', ')}` });
          return z.NEVER;
        }
        out[cls as (typeof INSTRUMENT_CLASSES)[number]] = n;
      }
      return out;
    });

export const configSchema = z.object({
  ...infraEnv,
  ...serviceEnv('accounts', 4101),
  ...outboxEnv,
  REGIONS_FILE: z.string().optional(),
  CONSUMER_GROUP: z.string().min(1).default('accounts'),
  CONSUMER_FROM_BEGINNING: bool(true),
  INSTRUMENT_DUE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** `gas_alarm=45,pressure_gauge=20`: days ahead an instrument of that class counts as falling due. */
  INSTRUMENT_DUE_DAYS_BY_CLASS: perClass(0, 365, 'days'),
  /** `flow_meter=120`: on-site minutes one instrument of the class takes a verifier; unnamed classes keep their defaults. */
  INSTRUMENT_MINUTES_BY_CLASS: perClass(1, 1440, 'minutes'),
  /** On-site minutes in one verifier-day (travel between enterprises takes the rest). */
  VERIFIER_DAY_MINUTES: z.coerce.number().int().min(60).max(1440).default(360),
  /** How often the service looks whether today's falling-due scan went through; 0 runs it only when asked. */
  DUE_SCAN_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
});

export type Config = z.infer<typeof configSchema>;

export const readConfig = (env: NodeJS.ProcessEnv = process.env): Config => loadConfig(configSchema, env);
