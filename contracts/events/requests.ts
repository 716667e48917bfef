import { z } from 'zod';
import { def, regionCode, isoDateTime } from './common';

export const REQUEST_TOPIC = 'requests.request.v1';

export const REQUEST_CATEGORIES = [
  'verification_calibration',
  'emergency_verification',
  'management_system',
  'test_solution',
  'product_development',
  'training_request',
  'energy_metrology',
  'other',
] as const;
export const PRIORITIES = ['normal', 'urgent', 'emergency'] as const;
export const REQUEST_STATES = ['filed', 'assigned', 'responded', 'in_progress', 'waiting_enterprise', 'resolved', 'closed', 'withdrawn'] as const;
export const SOLUTION_KINDS = ['on_site_verification', 'lab_calibration', 'technical_advice', 'management_system_help', 'training', 'test_solution', 'referral', 'other'] as const;

export const instrument = z.object({ class: z.string(), count: z.number().int().positive(), model: z.string().nullable().optional() });

/** Fields every request event carries, so consumers can route and report without a lookup. */
const requestRef = {
  requestId: z.string(),
  enterpriseId: z.string(),
  cityCode: regionCode,
  category: z.enum(REQUEST_CATEGORIES),
  priority: z.enum(PRIORITIES),
  /** Incremented by every change; consumers ignore an event older than what they hold. */
  version: z.number().int().positive(),
  /** SLA cycle: 1, then +1 for each redo after an unsatisfied return visit. */
  cycle: z.number().int().positive(),
  at: isoDateTime,
};

export const requestFiled = def(
  'requests.request.filed',
  REQUEST_TOPIC,
  z.object({
    ...requestRef,
    title: z.string(),
    instruments: z.array(instrument),
    filedBy: z.string(),
    filedByRole: z.string(),
    outreachId: z.string().nullable().optional(),
    preferredDate: z.string().nullable().optional(),
  }),
);
export const requestResponded = def('requests.request.responded', REQUEST_TOPIC, z.object({ ...requestRef, by: z.string() }));
export const requestStatusChanged = def(
  'requests.request.status-changed',
  REQUEST_TOPIC,
  z.object({ ...requestRef, from: z.enum(REQUEST_STATES), to: z.enum(REQUEST_STATES), action: z.string(), by: z.string() }),
);
export const requestPaused = def('requests.request.paused', REQUEST_TOPIC, z.object({ ...requestRef, reason: z.string().nullable().optional() }));
export const requestResumed = def('requests.request.resumed', REQUEST_TOPIC, z.object({ ...requestRef }));
export const requestResolved = def(
  'requests.request.resolved',
  REQUEST_TOPIC,
  z.object({ ...requestRef, solved: z.boolean(), solutionKind: z.enum(SOLUTION_KINDS), by: z.string() }),
);
export const requestReopened = def('requests.request.reopened', REQUEST_TOPIC, z.object({ ...requestRef, satisfaction: z.number().int().min(1).max(5) }));
export const requestClosed = def(
  'requests.request.closed',
  REQUEST_TOPIC,
  z.object({ ...requestRef, satisfaction: z.number().int().min(1).max(5).nullable(), satisfied: z.boolean().nullable() }),
);
export const requestWithdrawn = def('requests.request.withdrawn', REQUEST_TOPIC, z.object({ ...requestRef, reason: z.string().nullable().optional() }));
export const requestEscalated = def(
  'requests.request.escalated',
  REQUEST_TOPIC,
  z.object({ ...requestRef, level: z.enum(['city', 'province']), reason: z.string() }),
);
export const requestExtensionRequested = def(
  'requests.request.extension-requested',
  REQUEST_TOPIC,
  z.object({ ...requestRef, extensionId: z.string(), workingDays: z.number().int().positive(), reason: z.string() }),
);
export const requestExtensionDecided = def(
  'requests.request.extension-decided',
  REQUEST_TOPIC,
  z.object({ ...requestRef, extensionId: z.string(), approved: z.boolean(), workingDays: z.number().int().nonnegative(), by: z.string() }),
);

export const requestsEvents = [
  requestFiled,
  requestResponded,
  requestStatusChanged,
  requestPaused,
  requestResumed,
  requestResolved,
  requestReopened,
  requestClosed,
  requestWithdrawn,
  requestEscalated,
  requestExtensionRequested,
  requestExtensionDecided,
];
