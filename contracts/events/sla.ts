import { z } from 'zod';
import { def, regionCode, isoDateTime } from './common';

export const SLA_TOPIC = 'sla.clock.v1';

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

export const slaEvents = [clockStarted, clockWarning, clockBreached, clockMet, clockPaused, clockResumed, clockEscalated];
