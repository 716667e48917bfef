import { z } from 'zod';

/** A calendar date YYYY-MM-DD that exists (no 2026-02-30, no 0000-00-00). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => {
    const [y, m, d] = v.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, d));
    return y >= 1900 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  }, 'is not a real calendar date');

/** A 6-digit GB/T 2260 region code. */
export const regionCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit region code');
