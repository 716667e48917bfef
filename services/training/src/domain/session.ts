import { ValidationError } from '@metrodesk/errors';
import type { Course } from './course';

export const ORGANISER_KINDS = ['bureau', 'institute'] as const;
export const SESSION_STATUSES = ['scheduled', 'completed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface Organiser {
  kind: (typeof ORGANISER_KINDS)[number];
  name: string;
}

export interface Session {
  id: string;
  courseId: string;
  courseCode: string;
  courseTitle: string;
  courseHours: number;
  cityCode: string;
  startDate: string;
  endDate: string;
  organiser: Organiser;
  capacity: number;
  /** Seats taken: counted from the enrolments, never stored (see Enrolment.seat). */
  enrolled: number;
  place: string;
  status: SessionStatus;
  completedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A prefecture-level city code (GB/T 2260): ends in 00, and is not the province itself. */
export const isCityCode = (code: string) => /^\d{4}00$/.test(code) && !code.endsWith('0000');

export interface ScheduleInput {
  cityCode: string;
  startDate: string;
  endDate: string;
}

export function validateSchedule(input: ScheduleInput): void {
  const problems: { path: string; message: string }[] = [];
  if (!isCityCode(input.cityCode)) problems.push({ path: 'cityCode', message: `${input.cityCode} is not a prefecture-level city code` });
  if (input.endDate < input.startDate) problems.push({ path: 'endDate', message: `must not be before startDate ${input.startDate}` });
  if (problems.length > 0) throw new ValidationError(problems);
}

export function courseFields(c: Course): Pick<Session, 'courseId' | 'courseCode' | 'courseTitle' | 'courseHours'> {
  return { courseId: c.id, courseCode: c.code, courseTitle: c.title, courseHours: c.hours };
}
