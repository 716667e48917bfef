import { z } from 'zod';
import { def, regionCode, isoDateTime } from './common';

export const ASSIGNMENT_TOPIC = 'assignment.assignment.v1';

const ref = { requestId: z.string(), cityCode: regionCode, at: isoDateTime };

export const assignmentAssigned = def(
  'assignment.assignment.assigned',
  ASSIGNMENT_TOPIC,
  z.object({ ...ref, assignmentId: z.string(), assigneeId: z.string(), assigneeName: z.string().nullable().optional(), how: z.enum(['auto', 'manual', 'claim', 'rebalance', 'leave']), by: z.string(), warnings: z.array(z.string()).optional() }),
);
export const assignmentTransferred = def(
  'assignment.assignment.transferred',
  ASSIGNMENT_TOPIC,
  z.object({ ...ref, assignmentId: z.string(), fromAssigneeId: z.string().nullable(), toAssigneeId: z.string().nullable(), toCityCode: regionCode, reason: z.string(), by: z.string() }),
);
export const assignmentEscalated = def(
  'assignment.assignment.escalated',
  ASSIGNMENT_TOPIC,
  z.object({ ...ref, level: z.enum(['city', 'province']), notifiedUserIds: z.array(z.string()), reason: z.string() }),
);
export const assignmentUnroutable = def(
  'assignment.assignment.unroutable',
  ASSIGNMENT_TOPIC,
  z.object({ ...ref, reason: z.string() }),
);

export const assignmentEvents = [assignmentAssigned, assignmentTransferred, assignmentEscalated, assignmentUnroutable];
