import { z } from 'zod';
import { def, regionCode, isoDate, uscc } from './common';

export const TRAINING_TOPIC = 'training.session.v1';

/**
 * People appear in events by `personKey` (a keyed hash of the ID number), never by the ID
 * number itself: ID numbers are personal data and stay out of events and logs.
 */
export const sessionScheduled = def(
  'training.session.scheduled',
  TRAINING_TOPIC,
  z.object({ sessionId: z.string(), courseId: z.string(), courseCode: z.string(), cityCode: regionCode, startDate: isoDate, endDate: isoDate, organiser: z.string(), capacity: z.number().int().positive() }),
);
export const sessionCompleted = def(
  'training.session.completed',
  TRAINING_TOPIC,
  z.object({ sessionId: z.string(), courseId: z.string(), courseCode: z.string(), cityCode: regionCode, endDate: isoDate, attendees: z.number().int().nonnegative(), passed: z.number().int().nonnegative() }),
);
export const attendanceRecorded = def(
  'training.attendance.recorded',
  TRAINING_TOPIC,
  z.object({ sessionId: z.string(), courseId: z.string(), courseCode: z.string(), cityCode: regionCode, personKey: z.string(), employerUscc: uscc, hours: z.number().nonnegative(), result: z.enum(['pass', 'fail', 'absent', 'pending']), date: isoDate }),
);
export const certificateIssued = def(
  'training.certificate.issued',
  TRAINING_TOPIC,
  z.object({ sessionId: z.string(), courseId: z.string(), courseCode: z.string(), cityCode: regionCode, personKey: z.string(), employerUscc: uscc, certificateNo: z.string(), issuedOn: isoDate }),
);

export const trainingEvents = [sessionScheduled, sessionCompleted, attendanceRecorded, certificateIssued];
