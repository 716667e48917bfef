import { z } from 'zod';

/**
 * Field shapes every context shares, in events and at every HTTP edge (packages/http re-exports
 * them): one definition each. Event data are additive within a major version.
 */
export const regionCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit region code');
export const isoDateTime = z.string().datetime({ offset: true });
/** A calendar date YYYY-MM-DD that exists (no 2026-02-30, no 0000-00-00). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD', abort: true })
  .refine((v) => {
    const [y, m, d] = v.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, d));
    return y >= 1900 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  }, 'is not a real calendar date');
export const uscc = z.string().length(18);

// One definition of an event type, the events model's; contracts know it by these short names.
export { defineEvent as def, type EventDefinition as EventDef } from '@metrodesk/events/model';

/** The languages people read Metrodesk in. */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
/** A code's name in each language: what a person reads on a screen, in a file or an email. */
export type Words = Record<Lang, string>;
