import type { DigestPeriod, Kind } from '../domain/kinds';
import type { Message } from '../domain/messages';
import type { Language, Person, RequestFacts, UserRole } from '../domain/people';
import type { QuietHours } from '../domain/schedule';
import type { Preferences } from '../domain/preferences';
import type { RateOutcome } from '../domain/manager-digests';

/** One entry of a user's in-app inbox. `cursor` orders the inbox and resumes the live stream. */
export interface InboxItem {
  id: string;
  userId: string;
  cursor: string;
  kind: Kind;
  /** Null for what concerns no request (a staff member's qualification file). */
  requestId: string | null;
  subject: string;
  body: string;
  link: string;
  createdAt: Date;
  readAt: Date | null;
}

export type DeliveryStatus = 'pending' | 'sent' | 'folded' | 'failed';

/** One email to one person about one event. */
export interface EmailDelivery {
  id: string;
  userId: string;
  email: string;
  language: Language;
  message: Message;
  urgent: boolean;
  status: DeliveryStatus;
  /** The digest a folded delivery goes out in. */
  digestKey: string | null;
  /** For the person's daily or weekly digest: which, and when it goes out. */
  digestPeriod?: DigestPeriod | null;
  digestDue?: Date | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface PersonRepository {
  /** Keeps the newer of what is stored and `p`; false when `p` was stale. */
  upsertNewer(p: Person): Promise<boolean>;
  get(userId: string): Promise<Person | null>;
  ofEnterprise(enterpriseId: string): Promise<Person[]>;
  withRole(role: UserRole, cityCode?: string): Promise<Person[]>;
}

/** An enterprise as the qualification notices need it: who employs a holder, and where. */
export interface Employer {
  enterpriseId: string;
  uscc: string;
  cityCode: string;
  version: number;
}

export interface EmployerRepository {
  /** Keeps the newer of what is stored and `e`. */
  upsertNewer(e: Employer): Promise<boolean>;
  byUscc(uscc: string): Promise<Employer | null>;
}

/** A qualification file as the reminders need it: where it stands as of `version`. */
export interface QualificationFileState {
  fileId: string;
  version: number;
  status: string;
  expiresOn: string;
}

export interface QualificationFileRepository {
  /** Keeps the newer of what is stored and `f`. */
  upsertNewer(f: QualificationFileState): Promise<boolean>;
  get(fileId: string): Promise<QualificationFileState | null>;
}

export interface RequestFactsRepository {
  get(requestId: string): Promise<RequestFacts | null>;
  /** Every request of the city the events told of (a manager's digest picks the open ones). */
  inCity(cityCode: string): Promise<RequestFacts[]>;
  /** Sets only the fields that differ from `before`, so concurrent learners do not undo each other. */
  save(next: RequestFacts, before: RequestFacts | null): Promise<void>;
}

/** The outcomes behind the three rates, kept for the province's weekly digest. */
export interface RateOutcomeRepository {
  /** Keeps the first record of an outcome; a repeat changes nothing. */
  record(o: RateOutcome): Promise<void>;
  between(from: Date, to: Date): Promise<RateOutcome[]>;
}

export interface PreferencesRepository {
  get(userId: string): Promise<Preferences>;
  setChoices(p: Preferences): Promise<void>;
  mute(userId: string, requestId: string, muted: boolean): Promise<void>;
}

export interface InboxPage {
  items: InboxItem[];
  unread: number;
  nextCursor: string | null;
}

export interface InboxRepository {
  /** False when this (event, recipient) is already in the inbox. */
  insert(item: InboxItem): Promise<boolean>;
  /** The ids of those stored; an (event, recipient) already in the inbox is left as it was. */
  insertMany(items: InboxItem[]): Promise<Set<string>>;
  page(userId: string, limit: number, before?: string): Promise<InboxPage>;
  /** Items after `cursor`, oldest first: what a reconnecting stream missed. */
  after(userId: string, cursor: string, limit: number): Promise<InboxItem[]>;
  unread(userId: string): Promise<number>;
  /** The unread entries per request, only requests with at least one. */
  unreadByRequest(userId: string): Promise<Record<string, number>>;
  markRead(userId: string, id: string, at: Date): Promise<boolean>;
  markAllRead(userId: string, at: Date): Promise<number>;
  pruneBefore(at: Date): Promise<number>;
}

export interface DeliveryRepository {
  /** False when this delivery exists already. */
  insert(d: EmailDelivery): Promise<boolean>;
  /** Stores those not there yet; a delivery that exists already is left as it was. */
  insertMany(ds: EmailDelivery[]): Promise<void>;
  get(id: string): Promise<EmailDelivery | null>;
  markSent(ids: string[], at: Date): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
  fold(id: string, digestKey: string): Promise<void>;
  folded(digestKey: string): Promise<EmailDelivery[]>;
  /** The keys of daily and weekly digests due by `at` that still hold unsent deliveries. */
  dueDigests(at: Date): Promise<string[]>;
  noteError(id: string, error: string): Promise<void>;
  /** Deliveries the mail server refused for good, newest first. */
  failed(limit: number): Promise<EmailDelivery[]>;
}

/** New inbox items, pushed to the user's open streams in any process. */
export interface LiveFeed {
  publish(item: InboxItem): Promise<void>;
  subscribe(userId: string, fn: (item: InboxItem) => void): () => void;
}

export interface EmailQueue {
  /** Queues the delivery to go out at `at` (now or later); a second call for one id changes nothing. */
  enqueue(deliveryId: string, at: Date): Promise<void>;
}

export interface NotifyDeps {
  people: PersonRepository;
  requests: RequestFactsRepository;
  inbox: InboxRepository;
  deliveries: DeliveryRepository;
  live: LiveFeed;
  email: EmailQueue;
  preferences: PreferencesRepository;
  newCursor: () => string;
  quietHours: QuietHours;
  now?: () => Date;
}
