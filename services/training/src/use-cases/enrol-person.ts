import { uuidv7 } from '@metrodesk/events/model';
import type { Identity } from '@metrodesk/access';
import { ConflictError, ValidationError } from '@metrodesk/errors';
import { encryptId, personKey } from '@metrodesk/privacy';
import { checkPerson, type Enrolment, type Person, type PersonInput } from '../domain/enrolment';
import type { Session } from '../domain/session';
import { organisedSession } from './get-session';
import type { TrainingDeps } from './ports';

const SEAT_ATTEMPTS = 10;

export async function enrolPerson(deps: TrainingDeps, who: Identity, sessionId: string, input: PersonInput): Promise<Enrolment> {
  const session = await organisedSession(deps, who, sessionId);
  const checked = checkPerson(input);
  if ('problems' in checked) throw new ValidationError(checked.problems);
  return addEnrolment(deps, session, checked.person);
}

/** Enrols a checked person: one per session (409 already_enrolled), within capacity (409 session_full). */
export async function addEnrolment(deps: TrainingDeps, session: Session, person: Person): Promise<Enrolment> {
  if (session.status === 'completed') throw new ConflictError('session_completed', 'The session is completed: no new enrolments.');
  const key = personKey(deps.privacy.hashKey, person.idNumber);
  const existing = await deps.enrolments.findBySessionAndPerson(session.id, key);
  if (existing) throw new ConflictError('already_enrolled', 'This person is already enrolled in this session.', { enrolmentId: existing.id });
  const now = deps.now?.() ?? new Date();
  const enrolment: Enrolment = {
    id: uuidv7(now.getTime()),
    sessionId: session.id,
    courseId: session.courseId,
    courseCode: session.courseCode,
    cityCode: session.cityCode,
    sessionEndDate: session.endDate,
    name: person.name,
    seat: 0,
    personKey: key,
    idCipher: encryptId(deps.privacy.encryptionKey, person.idNumber),
    idLast4: person.idNumber.slice(-4),
    employerUscc: person.employerUscc,
    hours: 0,
    result: 'pending',
    score: null,
    certificateNo: null,
    certificateIssuedOn: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  for (let attempt = 1; ; attempt++) {
    const taken = new Set(await deps.enrolments.seatsTaken(session.id));
    const seat = Array.from({ length: session.capacity }, (_, i) => i + 1).find((n) => !taken.has(n));
    if (seat === undefined) throw new ConflictError('session_full', `The session is full (capacity ${session.capacity}).`);
    try {
      await deps.enrolments.insert({ ...enrolment, seat }, []);
      return { ...enrolment, seat };
    } catch (err) {
      // Someone enrolled into the same seat at the same moment: look again.
      if (!(err instanceof ConflictError && err.code === 'seat_taken') || attempt >= SEAT_ATTEMPTS) throw err;
    }
  }
}
