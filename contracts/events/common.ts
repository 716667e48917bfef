import { z } from 'zod';

/** Shapes several contexts share. Event data are additive within a major version. */
export const regionCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 region code');
export const isoDateTime = z.string().datetime({ offset: true });
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const uscc = z.string().length(18);

export interface EventDef<S extends z.ZodType = z.ZodType> {
  type: string;
  topic: string;
  data: S;
}

export function def<S extends z.ZodType>(type: string, topic: string, data: S): EventDef<S> {
  return { type, topic, data };
}
