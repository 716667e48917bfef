import type { OutboxEntry } from '@metrodesk/events/model';
import type { ServiceRequest, HistoryEntry, Comment, Attachment, Category, Priority } from '../domain/request';
import type { RequestState } from '../domain/lifecycle';
import type { SlaState, SlaView } from '../domain/sla';
import type { QualificationFile } from '../domain/qualification';
import type { Lang } from '../domain/words';

export interface FileFilter {
  cityCode?: string;
  employerUscc?: string;
  types?: string[];
}

export interface VerifierLink {
  userId: string;
  userName: string;
}

/** Qualification files learnt from qualifications.file.* events, and verifiers' user accounts. */
export interface QualificationDirectory {
  /** Keeps the file only if it is newer than the copy held; returns whether it was applied. */
  upsertIfNewer(f: QualificationFile): Promise<boolean>;
  byPersons(personKeys: string[]): Promise<Map<string, QualificationFile[]>>;
  list(filter: FileFilter): Promise<QualificationFile[]>;
  links(personKeys: string[]): Promise<Map<string, VerifierLink>>;
  /** Links a verifier to a user account; null removes the link. */
  setLink(personKey: string, link: VerifierLink | null, by: string, at: Date): Promise<void>;
}

export interface EnterpriseView {
  id: string;
  name: string;
  cityCode: string;
  status: 'active' | 'closed';
  version: number;
}

/** What the use cases need from the outside; persistence implements it. */
export interface EnterpriseDirectory {
  findById(id: string): Promise<EnterpriseView | null>;
  /** Keeps the snapshot only if it is newer than the one held; returns whether it was applied. */
  upsertIfNewer(e: EnterpriseView): Promise<boolean>;
}

export interface Idempotency {
  key: string;
  hash: string;
}

export interface Appended {
  history?: HistoryEntry[];
  comments?: Comment[];
  attachments?: Attachment[];
}

export interface ListQuery {
  /** Access scope from the caller's identity, already resolved to field filters. */
  scope: Record<string, string>;
  states?: RequestState[];
  cityCode?: string;
  assigneeId?: string;
  enterpriseId?: string;
  slaStates?: SlaState[];
  categories?: Category[];
  priorities?: Priority[];
  /** Only requests whose nearest SLA deadline is at or before this instant. */
  dueBefore?: Date;
  /** A number's beginning, or a keyword. */
  q?: string;
  sort: 'deadline' | 'newest';
  limit: number;
  cursor?: string;
}

/** What a list and an export share: the scope and the filters, without paging. */
export type RequestFilter = Omit<ListQuery, 'limit' | 'cursor'>;

export interface RequestRepository {
  /**
   * Stores a new request with its events in one write. If the id or the idempotency key is
   * taken, nothing is written and the request already stored is returned instead.
   */
  insert(r: ServiceRequest, events: OutboxEntry[], idem?: Idempotency): Promise<{ created: boolean; request: ServiceRequest; hash: string | null }>;
  findById(id: string): Promise<ServiceRequest | null>;
  findByIdempotencyKey(key: string): Promise<{ request: ServiceRequest; hash: string | null } | null>;
  /** Writes the new state, appends to history/comments/attachments and the outbox, if still at `expectedVersion`. */
  save(next: ServiceRequest, expectedVersion: number, appended: Appended, events: OutboxEntry[]): Promise<ServiceRequest>;
  /** Replaces the SLA view if it is still at `expectedRev`; false when someone else changed it first. */
  saveSla(id: string, expectedRev: number, sla: SlaView): Promise<boolean>;
  findSla(id: string): Promise<{ sla: SlaView; rev: number } | null>;
  /** The enterprise's oldest proactive request still open, if any. */
  findOpenProactive(enterpriseId: string): Promise<ServiceRequest | null>;
  /** Whether a request was already imported under this reference of its city. */
  hasImported(cityCode: string, externalRef: string): Promise<boolean>;
  /** The references of the city's imported requests. */
  importedRefs(cityCode: string): Promise<Set<string>>;
  /** Stores imported requests with their events, in few round trips; a reference already imported is skipped. Returns how many were stored. */
  insertImported(items: { request: ServiceRequest; events: OutboxEntry[] }[]): Promise<number>;
  /** Requests with a visit naming this verifier. */
  idsWithVisitsOf(personKey: string): Promise<string[]>;
  /** One page, and how many match the filters in all. */
  list(q: ListQuery): Promise<{ items: ServiceRequest[]; nextCursor: string | null; total: number }>;
  /** Every request matching the filters, in list order, up to `max` (without history and comments). */
  listAll(f: RequestFilter, max: number): Promise<ServiceRequest[]>;
}

export interface AttachmentStorage {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
}

/** Numbered series, each number handed out once (request numbers per city and year). */
export interface NumberSeries {
  next(series: string): Promise<number>;
  /** `count` consecutive numbers in one step; returns the first. */
  reserve(series: string, count: number): Promise<number>;
}

export interface RequestsDeps {
  requests: RequestRepository;
  numbers: NumberSeries;
  enterprises: EnterpriseDirectory;
  qualifications: QualificationDirectory;
  storage: AttachmentStorage;
  /** A city's or the province's name in the reader's language, from the region data. */
  regionName: (code: string, lang: Lang) => string;
  now?: () => Date;
}
