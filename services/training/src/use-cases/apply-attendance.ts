import { eventFor } from '@metrodesk/events/model';
import { attendanceRecorded, certificateIssued } from '@metrodesk/contracts';
import { ConflictError, ValidationError } from '@metrodesk/errors';
import { certificateNumber, seriesKey } from '../domain/certificate';
import { checkAttendance, sameAttendance, type Attendance, type Enrolment } from '../domain/enrolment';
import type { Session } from '../domain/session';
import type { TrainingDeps } from './ports';

/** China keeps one zone without daylight saving: a certificate's date is the date in Asia/Shanghai. */
const shanghaiDate = (t: Date) => new Date(t.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * A certificate number is unique (an index). A pass refused the number it was handed,
 * because another pass holds it, takes the next number.
 */
const CERTIFICATE_ATTEMPTS = 20;

/**
 * Records hours and result on an enrolment. Recording the same values again changes nothing
 * and publishes nothing (imports rely on it). A pass issues the certificate in the same write
 * as the attendance, so there is never a pass without its number or a number without its event.
 * The enrolment is the aggregate: its events are keyed by enrolment id and ordered per enrolment.
 */
export async function applyAttendance(deps: TrainingDeps, session: Session, e: Enrolment, a: Attendance, expectedVersion = e.version): Promise<{ enrolment: Enrolment; changed: boolean }> {
  const problems = checkAttendance(a, session.courseHours);
  if (problems.length > 0) throw new ValidationError(problems);
  if (e.certificateNo && a.result !== 'pass') {
    throw new ConflictError('certificate_issued', `Certificate ${e.certificateNo} was issued on this pass; the result cannot change.`, { certificateNo: e.certificateNo });
  }
  if (sameAttendance(e, a)) return { enrolment: e, changed: false };
  const now = deps.now?.() ?? new Date();
  const about = { sessionId: session.id, courseId: session.courseId, courseCode: session.courseCode, cityCode: session.cityCode, personKey: e.personKey, employerUscc: e.employerUscc };
  const recorded = eventFor(attendanceRecorded, { subject: e.id, source: 'training', time: now, data: { ...about, hours: a.hours, result: a.result, date: session.endDate } });
  const patch = { hours: a.hours, result: a.result, score: a.score, updatedAt: now };
  if (a.result !== 'pass' || e.certificateNo) {
    const enrolment = await deps.enrolments.update(e.id, expectedVersion, patch, [recorded]);
    deps.notify();
    return { enrolment, changed: true };
  }
  const series = { prefix: deps.certificatePrefix, cityCode: session.cityCode, year: session.endDate.slice(0, 4), courseCode: session.courseCode };
  for (let attempt = 1; ; attempt++) {
    const certificateNo = certificateNumber(series, await deps.counter.next(seriesKey(series)));
    const issuedOn = shanghaiDate(now);
    const issued = eventFor(certificateIssued, { subject: e.id, source: 'training', time: now, data: { ...about, certificateNo, issuedOn } });
    try {
      const enrolment = await deps.enrolments.update(e.id, expectedVersion, { ...patch, certificateNo, certificateIssuedOn: issuedOn }, [recorded, issued]);
      deps.notify();
      return { enrolment, changed: true };
    } catch (err) {
      // A number already taken (a counter reset or restored from backup) is skipped, never shared.
      if (!(err instanceof ConflictError && err.code === 'duplicate_certificate') || attempt >= CERTIFICATE_ATTEMPTS) throw err;
    }
  }
}
