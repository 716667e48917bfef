import { eventFor, uuidv7 } from '@metrodesk/events/model';
import { sessionScheduled } from '@metrodesk/contracts';
import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { ForbiddenError } from '@metrodesk/errors';
import { courseFields, validateSchedule, type Session } from '../domain/session';
import { ORGANISER_ROLES } from '../domain/visibility';
import { getCourse } from './get-course';
import type { TrainingDeps } from './ports';

export type ScheduleSessionInput = Pick<Session, 'courseId' | 'cityCode' | 'startDate' | 'endDate' | 'organiser' | 'capacity' | 'place'>;

export async function scheduleSession(deps: TrainingDeps, who: Identity, input: ScheduleSessionInput): Promise<Session> {
  requireRole(who, ...ORGANISER_ROLES);
  validateSchedule(input);
  if (!canSee(who, { cityCode: input.cityCode })) throw new ForbiddenError(`You can schedule sessions only in your own city (${who.cityCode}).`);
  const course = await getCourse(deps, input.courseId);
  const now = deps.now?.() ?? new Date();
  const session: Session = {
    id: uuidv7(now.getTime()),
    ...courseFields(course),
    cityCode: input.cityCode,
    startDate: input.startDate,
    endDate: input.endDate,
    organiser: { kind: input.organiser.kind, name: input.organiser.name.trim() },
    capacity: input.capacity,
    enrolled: 0,
    place: input.place.trim(),
    status: 'scheduled',
    completedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const event = eventFor(sessionScheduled, {
    subject: session.id,
    source: 'training',
    time: now,
    data: { sessionId: session.id, courseId: course.id, courseCode: course.code, cityCode: session.cityCode, startDate: session.startDate, endDate: session.endDate, organiser: session.organiser.name, capacity: session.capacity },
  });
  await deps.sessions.insert(session, [event]);
  deps.notify();
  return session;
}
