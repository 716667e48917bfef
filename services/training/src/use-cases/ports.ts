import type { OutboxEntry } from '@metrodesk/events/model';
import type { PrivacyKeys } from '@metrodesk/privacy';
import type { Course } from '../domain/course';
import type { Session, SessionStatus } from '../domain/session';
import type { Enrolment } from '../domain/enrolment';
import type { TrainedFact } from '../domain/report';
import type { RecordsScope } from './records-scope';
import type { Employer } from '../domain/employer';

/** What the use cases need from the outside; persistence implements it. */
export interface CourseRepository {
  /** A taken code is a conflict. */
  insert(c: Course): Promise<void>;
  findById(id: string): Promise<Course | null>;
  list(): Promise<Course[]>;
}

export interface SessionFilter {
  cityCode?: string;
  courseCode?: string;
  status?: SessionStatus;
}

/** Keyset pagination by (startDate, id): stable while sessions are added. */
export interface SessionPage {
  limit: number;
  after?: { startDate: string; id: string };
}

export interface SessionRepository {
  insert(s: Session, events: OutboxEntry[]): Promise<void>;
  findById(id: string): Promise<Session | null>;
  list(filter: SessionFilter, page: SessionPage): Promise<Session[]>;
  /** Versioned update carrying events; stale -> VersionConflictError. */
  update(id: string, expectedVersion: number, patch: Partial<Session>, events: OutboxEntry[]): Promise<Session>;
}

export interface EnrolmentFilter {
  cityCode?: string;
  courseCode?: string;
  employerUscc?: string;
  from?: string;
  to?: string;
}

export interface EnrolmentRepository {
  /**
   * A second enrolment of the same person in the same session is ConflictError('already_enrolled');
   * a seat someone else just took is ConflictError('seat_taken').
   */
  insert(e: Enrolment, events: OutboxEntry[]): Promise<void>;
  seatsTaken(sessionId: string): Promise<number[]>;
  findById(id: string): Promise<Enrolment | null>;
  findBySessionAndPerson(sessionId: string, personKey: string): Promise<Enrolment | null>;
  findByCertificate(certificateNo: string): Promise<Enrolment | null>;
  listBySession(sessionId: string): Promise<Enrolment[]>;
  /** A person's enrolments, newest first, within a caller's scope. */
  listByPerson(personKey: string, scope: RecordsScope): Promise<Enrolment[]>;
  /**
   * Versioned update carrying events; stale -> VersionConflictError; a certificate number
   * already held by someone else -> ConflictError('duplicate_certificate').
   */
  update(id: string, expectedVersion: number, patch: Partial<Enrolment>, events: OutboxEntry[]): Promise<Enrolment>;
  trainedFacts(filter: EnrolmentFilter): Promise<TrainedFact[]>;
}

export interface EmployerRepository {
  /** Stores the copy if it is newer than the one held; false when it was stale or repeated. */
  upsertNewer(e: Employer): Promise<boolean>;
  findByUscc(uscc: string): Promise<Employer | null>;
  findByEnterpriseId(enterpriseId: string): Promise<Employer | null>;
  namesOf(usccs: string[]): Promise<Map<string, string>>;
}

export interface CertificateCounter {
  /** The next number of a series: one atomic increment, never the same twice. */
  next(series: string): Promise<number>;
}

export interface TrainingDeps {
  courses: CourseRepository;
  sessions: SessionRepository;
  enrolments: EnrolmentRepository;
  counter: CertificateCounter;
  employers: EmployerRepository;
  privacy: PrivacyKeys;
  /** Province prefix of certificate numbers (LN for Liaoning). */
  certificatePrefix: string;
  /** Wakes the outbox relay after a write. */
  notify: () => void;
  now?: () => Date;
}
