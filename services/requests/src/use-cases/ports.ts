import type { OutboxEntry } from '@metrodesk/events/model';
import type { ServiceRequest, HistoryEntry, Comment, Attachment } from '../domain/request';
import type { RequestState } from '../domain/lifecycle';
import type { SlaState, SlaView } from '../domain/sla';
import type { QualificationFile } from '../domain/qualification';

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
  q?: string;
  sort: 'deadline' | 'newest';
  limit: number;
  cursor?: string;
}

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
  /** Requests with a visit naming this verifier. */
  idsWithVisitsOf(personKey: string): Promise<string[]>;
  list(q: ListQuery): Promise<{ items: ServiceRequest[]; nextCursor: string | null }>;
}

export interface AttachmentStorage {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | null>;
}

export interface RequestsDeps {
  requests: RequestRepository;
  enterprises: EnterpriseDirectory;
  qualifications: QualificationDirectory;
  storage: AttachmentStorage;
  /** Wakes the outbox relay after a write. */
  notify: () => void;
  now?: () => Date;
}
