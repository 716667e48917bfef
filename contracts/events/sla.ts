import { z } from 'zod';
import { def, regionCode, isoDate, isoDateTime } from './common';

export const SLA_TOPIC = 'sla.clock.v1';
export const SLA_POLICY_TOPIC = 'sla.policy.v1';

export const CLOCK_KINDS = ['response', 'resolution', 'return_visit'] as const;

const ref = {
  requestId: z.string(),
  cityCode: regionCode,
  cycle: z.number().int().positive(),
  clock: z.enum(CLOCK_KINDS),
  policyId: z.string(),
  policyVersion: z.number().int().positive(),
  at: isoDateTime,
};

export const clockStarted = def('sla.clock.started', SLA_TOPIC, z.object({ ...ref, deadline: isoDateTime, target: z.string() }));
export const clockWarning = def('sla.clock.warning', SLA_TOPIC, z.object({ ...ref, threshold: z.number().int().min(1).max(99), deadline: isoDateTime }));
export const clockBreached = def('sla.clock.breached', SLA_TOPIC, z.object({ ...ref, deadline: isoDateTime }));
export const clockMet = def('sla.clock.met', SLA_TOPIC, z.object({ ...ref, deadline: isoDateTime, elapsedMs: z.number().int().nonnegative(), withinTarget: z.boolean() }));
export const clockPaused = def('sla.clock.paused', SLA_TOPIC, z.object({ ...ref }));
export const clockResumed = def('sla.clock.resumed', SLA_TOPIC, z.object({ ...ref, deadline: isoDateTime }));
/** A step of the policy's escalation chain was reached (city manager at the breach, then the province). */
export const clockEscalated = def(
  'sla.clock.escalated',
  SLA_TOPIC,
  z.object({ ...ref, level: z.enum(['city', 'province']), threshold: z.number().int().min(100), deadline: isoDateTime }),
);

const policyTargets = z.object({
  responseHours: z.number().positive(),
  resolutionWorkingDays: z.number().positive(),
  returnVisitWorkingDays: z.number().positive(),
  calendarId: z.string(),
});

/** A new version of the policy of a category and priority; `previous` is the version it replaced (null for the first). */
export const policySaved = def(
  'sla.policy.saved',
  SLA_POLICY_TOPIC,
  policyTargets.extend({ policyId: z.string(), category: z.string(), priority: z.string(), version: z.number().int().positive(), previous: policyTargets.nullable() }),
);

/** A business calendar was loaded, replaced or given a year's notice. */
export const calendarSaved = def(
  'sla.calendar.saved',
  SLA_POLICY_TOPIC,
  z.object({
    calendarId: z.string(),
    name: z.string(),
    version: z.number().int().positive(),
    holidays: z.number().int().nonnegative(),
    workdays: z.number().int().nonnegative(),
    years: z.array(z.number().int()),
    /** The year whose notice was loaded, when that was the change. */
    year: z.number().int().nullable().optional(),
    /**
     * The calendar's days as saved, so a service that must know working days (notifications'
     * working-day digests) keeps a projection instead of asking the SLA service. Absent on
     * events published before it was added.
     */
    days: z
      .object({
        /** ISO weekdays normally off: 1 = Monday ... 7 = Sunday. */
        weekendDays: z.array(z.number().int().min(1).max(7)),
        holidays: z.array(isoDate),
        /** Weekend days that are working days (调休). */
        workdays: z.array(isoDate),
      })
      .optional(),
  }),
);

export const slaEvents = [clockStarted, clockWarning, clockBreached, clockMet, clockPaused, clockResumed, clockEscalated, policySaved, calendarSaved];
