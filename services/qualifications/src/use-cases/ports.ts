import type { OutboxEntry } from '@metrodesk/events/model';
import type { Role } from '@metrodesk/access';
import type { PrivacyKeys } from '@metrodesk/privacy';
import type { ReadScope } from './access';
import type { HistoryEntry, QualificationFile, QualificationStatus, QualificationType } from '../domain/qualification';

export interface FileFilter {
  /** The caller's access scope (from readScope), e.g. { cityCode } or { 'employer.uscc' }. */
  scope: ReadScope;
  employerUscc?: string;
  personKey?: string;
  type?: string;
  status?: QualificationStatus[];
  expiresOnOrBefore?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface FileRepository {
  /** Stores a new file, its first history entry and its events; a taken certificate number is a conflict. */
  insert(f: QualificationFile, entry: HistoryEntry, events: OutboxEntry[]): Promise<void>;
  findById(id: string): Promise<QualificationFile | null>;
  findByCertificateNo(certificateNo: string): Promise<QualificationFile | null>;
  /**
   * Writes `next` (state, one history entry, its events) in one write, only if no one else has
   * written version `next.version` yet. False when someone changed the file first.
   */
  applyChange(current: QualificationFile, next: QualificationFile, entry: HistoryEntry, events: OutboxEntry[]): Promise<boolean>;
  list(filter: FileFilter, opts: { limit: number; cursor?: string; sort: 'id' | 'expiresOn' }): Promise<Page<QualificationFile>>;
  /** Just what counting needs, for every file the filter matches. */
  countable(filter: FileFilter): Promise<Pick<QualificationFile, 'personKey' | 'employer'>[]>;
  /** Valid or expiring files expiring on or before `date`, by id, a batch at a time. */
  expiryCandidates(date: string, afterId: string | null, limit: number): Promise<QualificationFile[]>;
}

export interface Person {
  personKey: string;
  name: string;
  idNumberEncrypted: string;
  idMasked: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface PersonRepository {
  /** One person per ID number: the keyed hash is the document id, so concurrent filings converge. */
  upsert(p: Person): Promise<Person>;
  findByKey(personKey: string): Promise<Person | null>;
}

export interface TrainingRecordRepository {
  /** Upsert keyed by person, course and session; an older event never overwrites a newer result. */
  recordAttendance(r: { personKey: string; courseCode: string; sessionId: string; employerUscc: string; result: string; date: string; eventTime: string }): Promise<void>;
  recordCertificate(r: { personKey: string; courseCode: string; sessionId: string; employerUscc: string; certificateNo: string; issuedOn: string }): Promise<void>;
  /** The course codes among `courseCodes` this person passed or holds a training certificate for. */
  passedCourses(personKey: string, courseCodes: string[]): Promise<string[]>;
}

/** What this service knows of an enterprise, from accounts events: enough to scope an enterprise user. */
export interface KnownEnterprise {
  enterpriseId: string;
  uscc: string;
  cityCode: string;
  /** The accounts version this copy reflects: an older or repeated event never replaces it. */
  version: number;
}

export interface EnterpriseDirectory {
  /** Keeps the newest copy; false when the stored one is as new or newer. */
  upsertNewer(e: KnownEnterprise): Promise<boolean>;
  findById(enterpriseId: string): Promise<KnownEnterprise | null>;
}

export interface PrivacySettings extends PrivacyKeys {
  /** Roles that see ID numbers in full; everyone else sees the last 4 characters. */
  fullIdRoles: Role[];
}

export interface QualificationsDeps {
  files: FileRepository;
  persons: PersonRepository;
  training: TrainingRecordRepository;
  enterprises: EnterpriseDirectory;
  types: () => QualificationType[];
  privacy: PrivacySettings;
  expiryWindowDays: number;
  timeZone: string;
  /** Wakes the outbox relay after a write. */
  notify: () => void;
  now?: () => Date;
}
