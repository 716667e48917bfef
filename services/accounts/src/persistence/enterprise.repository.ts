import type { Connection } from 'mongoose';
import type { OutboxEntry } from '@metrodesk/events';
import { outboxInsert, setWithEvents } from '@metrodesk/events';
import { findWhereIn, IN_LOOKUP_MAX, duplicateIndexes, isDuplicateKey, ModelRepository, updateVersioned } from '@metrodesk/mongo';
import { ConflictError } from '@metrodesk/errors';
import type { Enterprise, Flags } from '../domain/enterprise';
import { recordsFromFlags, type Records } from '../domain/records';
import type { Contact } from '../domain/contact';
import { escapeRegex } from '../domain/cursor';
import type { EnterpriseQuery, EnterpriseRepository, Page, Scope } from '../use-cases/ports';
import { enterpriseModel, type EnterpriseDoc } from './enterprise.model';
import { afterClause, and, findPage } from './paging';

export function searchTextOf(e: Pick<Enterprise, 'name' | 'nameEn' | 'uscc'>): string {
  return [e.name, e.nameEn ?? '', e.uscc].join(' ').toLowerCase();
}

/** Above this many USCCs of one city, reading the city's enterprises is cheaper than a $in (see findByUsccInCity). */

/** Lists and reads never need the outbox, the search key or the contacts. */
const SUMMARY = { outbox: 0, outboxPending: 0, searchText: 0, contacts: 0 } as const;

export function fromDoc(d: EnterpriseDoc): Enterprise {
  const flags = flagsOf(d);
  return {
    id: d._id,
    uscc: d.uscc,
    name: d.name,
    nameEn: d.nameEn ?? null,
    provinceCode: d.provinceCode,
    cityCode: d.cityCode,
    districtCode: d.districtCode ?? null,
    address: d.address ?? null,
    industry: d.industry ?? null,
    size: d.size ?? null,
    status: d.status,
    tags: d.tags ?? [],
    flags,
    records: d.records ? recordsOf(d.records) : recordsFromFlags(d._id, flags, d.updatedAt.toISOString().slice(0, 10)),
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

function flagsOf(d: EnterpriseDoc): Flags {
  return {
    contactPoint: d.flags?.contactPoint ?? false,
    keyEnergyUnit: d.flags?.keyEnergyUnit ?? false,
    integrityCommitment: d.flags?.integrityCommitment ?? false,
    integrityCommitmentSignedOn: d.flags?.integrityCommitmentSignedOn ?? null,
    integrityDemonstration: d.flags?.integrityDemonstration ?? false,
  };
}

/** Stored records with every list present (a document may predate one of them). */
function recordsOf(r: Partial<Records>): Records {
  return { commitments: r.commitments ?? [], demonstrations: r.demonstrations ?? [], energyReviews: r.energyReviews ?? [], dataCollection: r.dataCollection ?? [] };
}

function toDoc(e: Enterprise, events: OutboxEntry[]) {
  const { id, ...rest } = e;
  return { _id: id, ...rest, searchText: searchTextOf(e), contacts: [], contactsRev: 0, ...outboxInsert(events) };
}

export function scopeClause(scope: Scope, idField = '_id'): Record<string, unknown> {
  if (scope.enterpriseId) return { [idField]: scope.enterpriseId };
  if (scope.cityCode) return { cityCode: scope.cityCode };
  return {};
}

export class MongoEnterpriseRepository extends ModelRepository<EnterpriseDoc> implements EnterpriseRepository {
  constructor(conn: Connection) {
    super(enterpriseModel(conn));
  }

  async insert(e: Enterprise, events: OutboxEntry[]): Promise<void> {
    try {
      // The enterprise and its registration event are one document: one atomic write.
      await this.model.collection.insertOne(toDoc(e, events) as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.findByUscc(e.uscc);
      throw new ConflictError('duplicate_uscc', `An enterprise with USCC ${e.uscc} is already registered.`, { existingId: existing?.id });
    }
  }

  async insertMany(items: { enterprise: Enterprise; events: OutboxEntry[] }[]): Promise<{ taken: string[] }> {
    if (items.length === 0) return { taken: [] };
    try {
      await this.model.collection.insertMany(items.map((i) => toDoc(i.enterprise, i.events)) as never[], { ordered: false });
      return { taken: [] };
    } catch (err) {
      const taken = duplicateIndexes(err);
      if (!taken) throw err;
      return { taken: taken.map((i) => items[i]!.enterprise.uscc) };
    }
  }

  async findById(id: string): Promise<Enterprise | null> {
    const d = await this.model.findById(id, SUMMARY).lean<EnterpriseDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async findByUscc(uscc: string): Promise<Enterprise | null> {
    const d = await this.model.findOne({ uscc }, SUMMARY).lean<EnterpriseDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  /** The city's enterprises of these USCCs: a `$in` when they are few, one pass over the city when many. */
  async findByUsccInCity(cityCode: string, usccs: string[], inLookupMax = IN_LOOKUP_MAX): Promise<Enterprise[]> {
    const docs = await findWhereIn<EnterpriseDoc>(this.model as never, { cityCode }, 'uscc', usccs, SUMMARY, inLookupMax);
    return docs.map(fromDoc);
  }

  async update(next: Enterprise, expectedVersion: number, events: OutboxEntry[]): Promise<void> {
    const { id: _id, version: _version, createdAt: _createdAt, uscc: _uscc, ...fields } = next;
    await updateVersioned(this.model, 'enterprise', next.id, expectedVersion, setWithEvents({ ...fields, searchText: searchTextOf(next) }, events) as never);
  }

  async list(q: EnterpriseQuery): Promise<Page<Enterprise>> {
    const { field, dir } = q.sort;
    const isDate = field === 'createdAt' || field === 'updatedAt';
    const filter = and([
      scopeClause(q.scope),
      q.cityCode ? { cityCode: q.cityCode } : null,
      q.districtCode ? { districtCode: q.districtCode } : null,
      q.industry ? { industry: q.industry } : null,
      q.status ? { status: q.status } : null,
      ...(q.tags ?? []).map((t) => ({ tags: t })),
      ...(q.flags ?? []).map((f) => ({ [`flags.${f}`]: true })),
      q.q ? { searchText: { $regex: escapeRegex(q.q.trim().toLowerCase()) } } : null,
      q.excludeIds && q.excludeIds.length > 0 ? { _id: { $nin: q.excludeIds } } : null,
      afterClause(field, dir, q.after, (v) => (isDate ? new Date(String(v)) : v)),
    ]);
    return findPage(this.model, filter, SUMMARY, { field, dir, limit: q.limit }, fromDoc);
  }

  async contactsOf(id: string): Promise<{ enterprise: Enterprise; contacts: Contact[]; rev: number } | null> {
    const d = await this.model.findById(id, { outbox: 0, outboxPending: 0, searchText: 0 }).lean<EnterpriseDoc>().exec();
    return d ? { enterprise: fromDoc(d), contacts: d.contacts ?? [], rev: d.contactsRev ?? 0 } : null;
  }

  async saveContacts(id: string, rev: number, contacts: Contact[], events: OutboxEntry[]): Promise<boolean> {
    // Documents from before contacts existed have no revision yet: they count as revision 0.
    const revFilter = rev === 0 ? { $or: [{ contactsRev: 0 }, { contactsRev: { $exists: false } }] } : { contactsRev: rev };
    const res = await this.model.collection.updateOne({ _id: id, ...revFilter } as never, setWithEvents({ contacts, contactsRev: rev + 1 }, events) as never);
    return res.matchedCount === 1;
  }
}
