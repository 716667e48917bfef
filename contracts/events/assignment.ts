import { z } from 'zod';
import { def, regionCode, isoDateTime } from './common';

export const ASSIGNMENT_TOPIC = 'assignment.assignment.v1';
export const RULES_TOPIC = 'assignment.rules.v1';

/**
 * Every assignment event names its request; the number and title (from the filing) let a
 * reader that has not seen the filing yet (notifications) still say which request it is.
 */
const ref = { requestId: z.string(), number: z.string().nullable().optional(), title: z.string().nullable().optional(), cityCode: regionCode, at: isoDateTime };

export const assignmentAssigned = def(
  'assignment.assignment.assigned',
  ASSIGNMENT_TOPIC,
  z.object({ ...ref, assignmentId: z.string(), assigneeId: z.string(), assigneeName: z.string().nullable().optional(), how: z.enum(['auto', 'manual', 'claim', 'rebalance', 'leave']), by: z.string(), warnings: z.array(z.string()).optional() }),
);
export const assignmentTransferred = def(
  'assignment.assignment.transferred',
  ASSIGNMENT_TOPIC,
  z.object({ ...ref, assignmentId: z.string(), fromAssigneeId: z.string().nullable(), toAssigneeId: z.string().nullable(), toAssigneeName: z.string().nullable().optional(), toCityCode: regionCode, reason: z.string(), by: z.string() }),
);
export const assignmentEscalated = def(
  'assignment.assignment.escalated',
  ASSIGNMENT_TOPIC,
  z.object({
    ...ref,
    level: z.enum(['city', 'province']),
    notifiedUserIds: z.array(z.string()),
    /** English words for logs; clients build their own text from the fields below. */
    reason: z.string(),
    /** The SLA clock whose policy step this was, the percent of its target elapsed, its deadline and the cycle. */
    clock: z.enum(['response', 'resolution']).optional(),
    threshold: z.number().int().min(1).optional(),
    deadline: isoDateTime.optional(),
    cycle: z.number().int().positive().optional(),
  }),
);
export const assignmentUnroutable = def(
  'assignment.assignment.unroutable',
  ASSIGNMENT_TOPIC,
  z.object({ ...ref, reason: z.string() }),
);

const categoryRule = z.object({ category: z.string(), liaisonIds: z.array(z.string()).optional(), routeToCityCode: regionCode.optional() });

/** A city's routing rules were replaced; `previous` is what they were (null for the first rules). */
export const rulesChanged = def(
  'assignment.rules.changed',
  RULES_TOPIC,
  z.object({ cityCode: regionCode, version: z.number().int().positive(), categories: z.array(categoryRule), previous: z.array(categoryRule).nullable() }),
);

export const assignmentEvents = [assignmentAssigned, assignmentTransferred, assignmentEscalated, assignmentUnroutable, rulesChanged];
