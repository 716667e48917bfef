import type { FieldProblem } from '@metrodesk/errors';
import { checkIdNumber } from '@metrodesk/privacy';
import { checkUscc } from '@metrodesk/codes';

export const RESULTS = ['pass', 'fail', 'absent', 'pending'] as const;
export type Result = (typeof RESULTS)[number];

/**
 * One person in one session. The ID number exists only encrypted (`idCipher`); `personKey`
 * (keyed hash) finds the person, `idLast4` gives the masked form without decrypting.
 */
export interface Enrolment {
  id: string;
  sessionId: string;
  courseId: string;
  courseCode: string;
  cityCode: string;
  sessionEndDate: string;
  name: string;
  /**
   * 1..capacity, unique per session: taking a seat is one unique insert, so a session never
   * holds more people than seats, whoever enrols at the same moment.
   */
  seat: number;
  personKey: string;
  idCipher: string;
  idLast4: string;
  employerUscc: string;
  hours: number;
  result: Result;
  score: number | null;
  certificateNo: string | null;
  certificateIssuedOn: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PersonInput {
  name: string;
  idNumber: string;
  employerUscc: string;
}

export interface Person {
  name: string;
  idNumber: string;
  employerUscc: string;
}

/** Checks the ID number (GB 11643) and the employer's USCC (GB 32100); problems name the fields. */
export function checkPerson(input: PersonInput): { person: Person } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  if (!name) problems.push({ path: 'name', message: 'must not be empty' });
  const id = checkIdNumber(input.idNumber);
  if (!id.ok) problems.push({ path: 'idNumber', message: `invalid ID number: ${id.reason}` });
  const uscc = checkUscc(input.employerUscc);
  if (!uscc.ok) problems.push({ path: 'employerUscc', message: `invalid Unified Social Credit Code: ${uscc.reason}` });
  if (problems.length > 0 || !id.ok || !uscc.ok) return { problems };
  return { person: { name, idNumber: id.idNumber, employerUscc: uscc.code } };
}

export interface Attendance {
  hours: number;
  result: Result;
  score: number | null;
}

/** Rules an attendance must keep, given the course it belongs to. */
export function checkAttendance(a: Attendance, courseHours: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!(a.hours >= 0)) problems.push({ path: 'hours', message: 'must be a number of hours, 0 or more' });
  else if (a.hours > courseHours) problems.push({ path: 'hours', message: `must not exceed the course's ${courseHours} hours` });
  if (a.result === 'absent' && a.hours > 0) problems.push({ path: 'hours', message: 'must be 0 for someone absent' });
  if (a.score !== null && !(a.score >= 0 && a.score <= 100)) problems.push({ path: 'score', message: 'must be between 0 and 100' });
  return problems;
}

export const sameAttendance = (e: Attendance, a: Attendance) => e.hours === a.hours && e.result === a.result && e.score === a.score;
