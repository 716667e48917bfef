import type { Collection, Connection } from 'mongoose';
import { KeyedInserts, upsertNewer } from '@metrodesk/mongo';
import type { AuditEntry, AuditKind } from '../domain/audit';
import type { AuditStore } from '../use-cases/ports';

/** The entry is stored as JSON text for the same reason as the facts (see readmodel.repository). */
interface AuditDoc {
  _id: string;
  kind: AuditKind;
  enterpriseId: string | null;
  requestId: string | null;
  cityCode: string | null;
  entry: string;
}
interface UserNameDoc {
  _id: string;
  version: number;
  name: string;
}

export const AUDIT_COLLECTIONS = { entries: 'rp_audit', users: 'rp_audit_users' } as const;

/** Audit entries keyed by event id: a repeated event finds its entry there and adds none. */
export class MongoAuditStore implements AuditStore {
  readonly entries: Collection<AuditDoc>;
  readonly users: Collection<UserNameDoc>;

  constructor(conn: Connection) {
    this.entries = conn.collection<AuditDoc>(AUDIT_COLLECTIONS.entries);
    this.users = conn.collection<UserNameDoc>(AUDIT_COLLECTIONS.users);
    this.inserts = new KeyedInserts(this.entries);
  }

  async init(): Promise<void> {
    await this.entries.createIndex({ enterpriseId: 1 });
    await this.entries.createIndex({ requestId: 1 });
    await this.entries.createIndex({ kind: 1, cityCode: 1 });
  }

  /**
   * Every event of a fetched batch may add an entry, from many lanes at once: the entries that
   * come while one insert is in flight go in the next together.
   */
  private readonly inserts: KeyedInserts<AuditDoc>;

  /** Keeps the entry; one already there (a repeated event) stays as it is. */
  async record(e: AuditEntry): Promise<void> {
    await this.inserts.insert(e.id, { kind: e.kind, enterpriseId: e.enterpriseId, requestId: e.requestId, cityCode: e.cityCode, entry: JSON.stringify(e) });
  }

  async saveUserName(u: { userId: string; name: string; version: number }): Promise<void> {
    await upsertNewer(this.users, u.userId, { name: u.name, version: u.version });
  }

  private async find(filter: Record<string, unknown>): Promise<AuditEntry[]> {
    const docs = await this.entries.find(filter as never).toArray();
    return docs.map((d) => JSON.parse(d.entry) as AuditEntry);
  }

  async ofEnterprise(enterpriseId: string): Promise<AuditEntry[]> {
    const own = await this.find({ enterpriseId });
    const requestIds = [...new Set(own.map((e) => e.requestId).filter((id): id is string => id !== null))];
    // Assignment steps name the request only: they are found through the enterprise's requests.
    const steps = requestIds.length > 0 ? await this.find({ requestId: { $in: requestIds }, enterpriseId: null }) : [];
    return [...own, ...steps];
  }

  ofRequest(requestId: string): Promise<AuditEntry[]> {
    return this.find({ requestId });
  }

  ofKind(kind: AuditKind, cityCode?: string): Promise<AuditEntry[]> {
    return this.find({ kind, ...(cityCode ? { cityCode } : {}) });
  }

  async names(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const docs = await this.users.find({ _id: { $in: userIds } }).toArray();
    return new Map(docs.map((d) => [d._id, d.name]));
  }
}
