import { z } from 'zod';

/** Shapes several contexts share. Event data are additive within a major version. */
export const regionCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 region code');
export const isoDateTime = z.string().datetime({ offset: true });
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
export const uscc = z.string().length(18);

// One definition of an event type, the events model's; contracts know it by these short names.
export { defineEvent as def, type EventDefinition as EventDef } from '@metrodesk/events/model';
