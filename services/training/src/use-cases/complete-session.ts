import { eventFor } from '@metrodesk/events/model';
import { sessionCompleted } from '@metrodesk/contracts';
import type { Identity } from '@metrodesk/access';
import { ConflictError } from '@metrodesk/errors';
import type { Session } from '../domain/session';
import { isTrained } from '../domain/report';
import { organisedSession } from './get-session';
import type { TrainingDeps } from './ports';

export async function completeSession(deps: TrainingDeps, who: Identity, id: string): Promise<Session> {
  const session = await organisedSession(deps, who, id);
  if (session.status === 'completed') throw new ConflictError('session_completed', `Session ${id} is already completed.`);
  const enrolments = await deps.enrolments.listBySession(id);
  const now = deps.now?.() ?? new Date();
  const event = eventFor(sessionCompleted, {
    subject: id,
    source: 'training',
    time: now,
    data: {
      sessionId: id,
      courseId: session.courseId,
      courseCode: session.courseCode,
      cityCode: session.cityCode,
      endDate: session.endDate,
      attendees: enrolments.filter(isTrained).length,
      passed: enrolments.filter((e) => e.result === 'pass').length,
    },
  });
  // The version guard makes completion happen once even when two managers press at once.
  const done = await deps.sessions.update(id, session.version, { status: 'completed', completedAt: now, updatedAt: now }, [event]);
  deps.notify();
  return done;
}
