import { z } from 'zod';
import { def, regionCode, isoDate, type Words } from './common';

/** Instruments enterprises register with accounts; the same words requests and visits use for classes. */
export const INSTRUMENT_TOPIC = 'accounts.instrument.v1';

export const INSTRUMENT_CLASSES = ['pressure_gauge', 'gas_alarm', 'flow_meter', 'electricity_meter'] as const;
export type InstrumentClass = (typeof INSTRUMENT_CLASSES)[number];

/** Names people read for each class, in both languages the console speaks. */
export const INSTRUMENT_CLASS_WORDS: Record<InstrumentClass, Words> = {
  pressure_gauge: { 'zh-CN': '压力表', en: 'Pressure gauge' },
  gas_alarm: { 'zh-CN': '燃气报警器', en: 'Gas alarm' },
  flow_meter: { 'zh-CN': '流量计', en: 'Flow meter' },
  electricity_meter: { 'zh-CN': '电能表', en: 'Electricity meter' },
};

export const INSTRUMENT_USES = ['trade_settlement', 'safety', 'medical', 'environment', 'process_control'] as const;
export type InstrumentUse = (typeof INSTRUMENT_USES)[number];

/** The uses the law puts under compulsory verification (强制检定). */
export const COMPULSORY_USES = ['trade_settlement', 'safety', 'medical', 'environment'] as const satisfies readonly InstrumentUse[];

export const INSTRUMENT_STATUSES = ['in_use', 'out_of_service', 'scrapped'] as const;
export type InstrumentStatus = (typeof INSTRUMENT_STATUSES)[number];

export const dueInstrument = z.object({
  instrumentId: z.string(),
  instrumentClass: z.enum(INSTRUMENT_CLASSES),
  model: z.string().nullable(),
  serialNo: z.string(),
  location: z.string().nullable(),
  use: z.enum(INSTRUMENT_USES),
  compulsory: z.boolean(),
  lastVerifiedOn: isoDate,
  certificateNo: z.string().nullable(),
  nextDueOn: isoDate,
  overdue: z.boolean(),
});

/**
 * The daily run found these in-use instruments of one enterprise due on or before their class's
 * horizon (overdue ones included). One event per enterprise per run day; its id is derived from
 * (enterprise, run day), so a rerun of the same day repeats the same id and consumers drop it.
 */
export const instrumentsDue = def(
  'accounts.instruments.due',
  INSTRUMENT_TOPIC,
  z.object({
    enterpriseId: z.string(),
    cityCode: regionCode,
    runDate: isoDate,
    instruments: z.array(dueInstrument).min(1),
  }),
);

/**
 * The day's overdue instruments under compulsory verification (强制检定) in one city, by
 * enterprise: what the city's liaisons must chase. One event per city per run day, only when
 * there are any; its id is derived from (city, run day), so a rerun repeats the same id.
 */
export const instrumentsOverdueCompulsory = def(
  'accounts.instruments.overdue-compulsory',
  INSTRUMENT_TOPIC,
  z.object({
    cityCode: regionCode,
    runDate: isoDate,
    /** Overdue compulsory instruments in the city. */
    count: z.number().int().positive(),
    enterprises: z
      .array(z.object({ enterpriseId: z.string(), count: z.number().int().positive(), oldestDueOn: isoDate }))
      .min(1),
  }),
);

export const instrumentEvents = [instrumentsDue, instrumentsOverdueCompulsory];
