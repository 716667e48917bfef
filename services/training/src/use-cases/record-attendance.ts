import type { Identity } from '@metrodesk/access';
import { NotFoundError, VersionConflictError } from '@metrodesk/errors';
import type { Attendance, Enrolment } from '../domain/enrolment';
import { applyAttendance } from './apply-attendance';
import { organisedSession } from './get-session';
import type { TrainingDeps } from './ports';

export async function recordAttendance(deps: TrainingDeps, who: Identity, sessionId: string, enrolmentId: string, input: Attendance & { version?: number }): Promise<Enrolment> {
  const session = await organisedSession(deps, who, sessionId);
  const e = await deps.enrolments.findById(enrolmentId);
  if (!e || e.sessionId !== session.id) throw new NotFoundError('enrolment', enrolmentId);
  if (input.version !== undefined && input.version !== e.version) throw new VersionConflictError('enrolment', e.id, input.version, e.version);
  const { enrolment } = await applyAttendance(deps, session, e, { hours: input.hours, result: input.result, score: input.score }, input.version ?? e.version);
  return enrolment;
}
