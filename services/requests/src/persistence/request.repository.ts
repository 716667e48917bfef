import type { Connection, Model } from 'mongoose';
import { outboxInsert, type OutboxEntry, type OutboxRelay } from '@metrodesk/events';
import { isDuplicateKey, RecentlyUsed, updateVersioned } from '@metrodesk/mongo';
import { ValidationError } from '@metrodesk/errors';
import { searchTextOf, type ServiceRequest } from '../domain/request';
import { NO_SLA, type SlaView } from '../domain/sla';
import type { Appended, Idempotency, ListQuery, RequestFilter, RequestRepository } from '../use-cases/ports';
import { looksLikeNumber } from '../domain/number';
import { OPEN_PROACTIVE_STATES } from '../domain/due-instruments';
import { requestModel, NO_DEADLINE, REQUESTS, type RequestDoc } from './request.model';

/** The stored document of a new request with its first events. */
function docOf(r: ServiceRequest, events: OutboxEntry[], idem?: Idempotency) {
  const { id, number, ...rest } = r;
  return {
    _id: id,
    ...rest,
    ...(number ? { number } : {}),
    ...(idem ? { idempotencyKey: idem.key, idempotencyHash: idem.hash } : {}),
    ...(r.imported ? { importRef: importRefOf(r.cityCode, r.imported.externalRef) } : {}),
    searchText: searchTextOf(r),
    visitPeople: visitPeopleOf(r),
    sortDeadline: sortDeadlineOf(r.sla),
    slaRev: 0,
    ...outboxInsert(events),
  };
}

const importRefOf = (cityCode: string, externalRef: string) => `${cityCode}:${externalRef}`;

const sortDeadlineOf = (sla: SlaView) => sla.nextDeadline ?? NO_DEADLINE;

const visitPeopleOf = (r: Pick<ServiceRequest, 'visits'>) => [...new Set(r.visits.flatMap((v) => v.verifiers.map((x) => x.personKey)))];

export function fromDoc(d: RequestDoc): ServiceRequest {
  const { _id, idempotencyKey: _k, idempotencyHash: _h, importRef: _i, searchText: _s, visitPeople: _vp, sortDeadline: _d, slaRev: _r, outbox: _o, outboxPending: _p, ...rest } = d;
  // Documents stored before visits, outcomes, structured dates, benefits, numbers and sources existed lack those fields.
  return { ...rest, id: _id, source: d.source ?? (d.problemId ? 'outreach' : 'filed'), sla: d.sla ?? NO_SLA, visits: d.visits ?? [], benefit: d.benefit ?? null, number: d.number ?? null, dueInstruments: d.dueInstruments ?? [], visitProposal: d.visitProposal ?? null, assigneeName: d.assigneeName ?? null, preferredDate: d.preferredDate ?? null, outcome: d.outcome ?? null, closedAt: d.closedAt ?? null };
}

/** Fields a command may change; everything else is fixed at filing or appended. */
function mutableFields(r: ServiceRequest) {
  return {
    state: r.state,
    assigneeId: r.assigneeId,
    assigneeName: r.assigneeName ?? null,
    cityCode: r.cityCode,
    cycle: r.cycle,
    respondedAt: r.respondedAt,
    solution: r.solution,
    returnVisits: r.returnVisits,
    extensions: r.extensions,
    escalation: r.escalation,
    visits: r.visits,
    benefit: r.benefit,
    instruments: r.instruments,
    priority: r.priority,
    preferredDate: r.preferredDate,
    dueInstruments: r.dueInstruments,
    visitProposal: r.visitProposal,
    ...(r.dueEventIds ? { dueEventIds: r.dueEventIds } : {}),
    outcome: r.outcome,
    closedAt: r.closedAt,
    assignedAt: r.assignedAt,
    updatedAt: r.updatedAt,
  };
}

type Cursor = { v: string; id: string };
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.v === 'string' && typeof c.id === 'string' && !Number.isNaN(Date.parse(c.v))) return c;
  } catch {
    /* reported below */
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'not a cursor this API returned' }]);
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** SLA views kept in memory (see `slaCopies`); older ones are read again when a signal comes. */
const SLA_COPIES_MAX = 10000;

export class MongoRequestRepository implements RequestRepository {
  private readonly model: Model<RequestDoc>;
  /**
   * The SLA views this process filed or saved last, with their revision: a request's clock
   * signals come seconds apart, and each would otherwise read the view first. A copy may be
   * behind (another replica saved the view since): its compare-and-set then matches nothing,
   * the copy is dropped and the view read again, so a copy saves reads and never decides.
   */
  private readonly slaCopies = new RecentlyUsed<string, { sla: SlaView; rev: number }>(SLA_COPIES_MAX);

  /** With the relay, each write's events are published straight after it (the relay's fast path), not at its next poll. */
  constructor(
    conn: Connection,
    private readonly outbox?: Pick<OutboxRelay, 'hold'>,
  ) {
    this.model = requestModel(conn);
  }

  async init(): Promise<void> {
    await this.model.init();
    await this.fillVisitPeople();
  }

  /**
   * Requests stored before `visitPeople` existed get it once: the scan for them reads every
   * request, so a marker in requests_meta says it is done and later starts skip it.
   */
  private async fillVisitPeople(): Promise<void> {
    const meta = this.model.db.collection<{ _id: string }>('requests_meta');
    if (await meta.findOne({ _id: 'visitPeople' })) return;
    const docs = await this.model.find({ visitPeople: { $exists: false } }, { visits: 1 }).lean<Pick<RequestDoc, '_id' | 'visits'>[]>().exec();
    for (const d of docs) {
      if ((d.visits ?? []).length === 0) continue;
      // Only while still missing: a replica already running may have saved the request since.
      await this.model.updateOne({ _id: d._id, visitPeople: { $exists: false } }, { $set: { visitPeople: visitPeopleOf({ visits: d.visits ?? [] }) } }).exec();
    }
    await meta.updateOne({ _id: 'visitPeople' }, { $set: { at: new Date() } }, { upsert: true });
  }

  async insert(r: ServiceRequest, events: OutboxEntry[], idem?: Idempotency) {
    const publish = events.length > 0 ? this.outbox?.hold(REQUESTS, r.id) : undefined;
    try {
      await this.model.create(docOf(r, events, idem));
    } catch (err) {
      publish?.();
      if (!isDuplicateKey(err)) throw err;
      const existing = (idem && (await this.findByIdempotencyKey(idem.key))) || (await this.findById(r.id).then((x) => (x ? { request: x, hash: null } : null)));
      if (!existing) throw err;
      return { created: false, ...existing };
    }
    publish?.(events);
    this.slaCopies.set(r.id, { sla: r.sla, rev: 0 });
    return { created: true, request: r, hash: idem?.hash ?? null };
  }

  async findById(id: string): Promise<ServiceRequest | null> {
    const d = await this.model.findById(id, { outbox: 0 }).lean<RequestDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async findByIdempotencyKey(key: string) {
    const d = await this.model.findOne({ idempotencyKey: key }, { outbox: 0 }).lean<RequestDoc>().exec();
    return d ? { request: fromDoc(d), hash: d.idempotencyHash ?? null } : null;
  }

  async save(next: ServiceRequest, expectedVersion: number, appended: Appended, events: OutboxEntry[]): Promise<ServiceRequest> {
    const push: Record<string, { $each: unknown[] }> = {};
    for (const [field, items] of Object.entries(appended)) if (items && items.length > 0) push[field] = { $each: items };
    if (events.length > 0) push.outbox = { $each: events };
    const set: Record<string, unknown> = { ...mutableFields(next), searchText: searchTextOf(next), visitPeople: visitPeopleOf(next) };
    if (events.length > 0) set.outboxPending = true;
    const update = { $set: set, ...(Object.keys(push).length > 0 ? { $push: push } : {}) };
    const publish = events.length > 0 ? this.outbox?.hold(REQUESTS, next.id) : undefined;
    let doc: RequestDoc;
    try {
      doc = await updateVersioned(this.model, 'request', next.id, expectedVersion, update as never);
    } catch (err) {
      publish?.();
      throw err;
    }
    // The whole outbox as this write left it: events of earlier writes not yet out go first.
    publish?.(doc.outbox);
    return fromDoc(doc);
  }

  async findOpenProactive(enterpriseId: string): Promise<ServiceRequest | null> {
    const d = await this.model
      .findOne({ enterpriseId, source: 'proactive', state: { $in: [...OPEN_PROACTIVE_STATES] } }, { outbox: 0 })
      .sort({ filedAt: 1 })
      .lean<RequestDoc>()
      .exec();
    return d ? fromDoc(d) : null;
  }

  async importedRefs(cityCode: string): Promise<Set<string>> {
    // By city (an indexed equality), not by a prefix of importRef, which the local server would scan for.
    const docs = await this.model.find({ cityCode, importRef: { $exists: true } }, { importRef: 1 }).lean<{ importRef: string }[]>().exec();
    return new Set(docs.map((d) => d.importRef.slice(cityCode.length + 1)));
  }

  async insertImported(items: { request: ServiceRequest; events: OutboxEntry[] }[]): Promise<number> {
    // One round trip per hundred; a clash (an import of the same rows racing this one) falls
    // back to one insert each, where the unique reference keeps the other's.
    let created = 0;
    for (let i = 0; i < items.length; i += 100) {
      const chunk = items.slice(i, i + 100);
      try {
        await this.model.insertMany(chunk.map(({ request: r, events }) => docOf(r, events)), { ordered: true });
        created += chunk.length;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        for (const { request, events } of chunk) if (!(await this.hasImported(request.cityCode, request.imported!.externalRef)) && (await this.insert(request, events)).created) created += 1;
      }
    }
    return created;
  }

  async hasImported(cityCode: string, externalRef: string): Promise<boolean> {
    return (await this.model.exists({ importRef: importRefOf(cityCode, externalRef) }).exec()) !== null;
  }

  async idsWithVisitsOf(personKey: string): Promise<string[]> {
    const docs = await this.model.find({ visitPeople: personKey }, { _id: 1 }).lean<{ _id: string }[]>().exec();
    return docs.map((d) => d._id);
  }

  async findSla(id: string) {
    const copy = this.slaCopies.use(id);
    if (copy) return copy;
    const d = await this.model.findById(id, { sla: 1, slaRev: 1 }).lean<Pick<RequestDoc, 'sla' | 'slaRev'>>().exec();
    if (!d) return null;
    const read = { sla: d.sla ?? NO_SLA, rev: d.slaRev ?? 0 };
    this.slaCopies.set(id, read);
    return read;
  }

  async saveSla(id: string, expectedRev: number, sla: SlaView): Promise<boolean> {
    let matched: boolean;
    try {
      const res = await this.model.updateOne({ _id: id, slaRev: expectedRev }, { $set: { sla, sortDeadline: sortDeadlineOf(sla) }, $inc: { slaRev: 1 } }).exec();
      matched = res.matchedCount === 1;
    } catch (err) {
      // Stored or not, nobody knows: the next signal reads the view.
      this.slaCopies.delete(id);
      throw err;
    }
    if (matched) this.slaCopies.set(id, { sla, rev: expectedRev + 1 });
    else this.slaCopies.delete(id);
    return matched;
  }

  async list(q: ListQuery) {
    const and = filterOf(q);
    const { field, dir } = orderOf(q.sort);
    // A copy: the cursor condition below is for the page, not the total.
    const total = this.model.countDocuments({ $and: [...and] }).exec();
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      const v = new Date(c.v);
      const beyond = dir === 1 ? '$gt' : '$lt';
      and.push({ $or: [{ [field]: { [beyond]: v } }, { [field]: v, _id: { [beyond]: c.id } }] });
    }
    const docs = await this.findSorted(and, q.sort, q.limit + 1);
    const page = docs.slice(0, q.limit);
    const last = page.at(-1);
    const nextCursor = docs.length > q.limit && last ? encodeCursor({ v: (last[field] as Date).toISOString(), id: last._id }) : null;
    return { items: page.map(listed), nextCursor, total: await total };
  }

  async listAll(f: RequestFilter, max: number) {
    return (await this.findSorted(filterOf(f), f.sort, max)).map(listed);
  }

  private findSorted(and: Record<string, unknown>[], sort: RequestFilter['sort'], limit: number) {
    const { field, dir } = orderOf(sort);
    return this.model
      .find({ $and: and }, { outbox: 0, history: 0, comments: 0 })
      .sort({ [field]: dir, _id: dir })
      .limit(limit)
      .lean<RequestDoc[]>()
      .exec();
  }
}

const listed = (d: RequestDoc) => fromDoc({ ...d, history: [], comments: [] });

const orderOf = (sort: RequestFilter['sort']) => (sort === 'deadline' ? ({ field: 'sortDeadline', dir: 1 } as const) : ({ field: 'filedAt', dir: -1 } as const));

function filterOf(q: RequestFilter): Record<string, unknown>[] {
  const and: Record<string, unknown>[] = [q.scope];
  if (q.states?.length) and.push({ state: { $in: q.states } });
  if (q.slaStates?.length) and.push({ 'sla.state': { $in: q.slaStates } });
  if (q.categories?.length) and.push({ category: { $in: q.categories } });
  if (q.priorities?.length) and.push({ priority: { $in: q.priorities } });
  if (q.dueBefore) and.push({ sortDeadline: { $lte: q.dueBefore } });
  if (q.cityCode) and.push({ cityCode: q.cityCode });
  if (q.assigneeId) and.push({ assigneeId: q.assigneeId });
  if (q.enterpriseId) and.push({ enterpriseId: q.enterpriseId });
  if (q.q) {
    const text = { searchText: { $regex: escapeRegex(q.q.toLowerCase()) } };
    // A number is searched from its beginning; digits alone may also be a keyword ("54 gas alarms").
    and.push(looksLikeNumber(q.q) ? { $or: [{ number: { $regex: `^${escapeRegex(q.q.trim())}` } }, text] } : text);
  }
  return and;
}
