import type { Connection, Model } from 'mongoose';
import { outboxInsert, outboxPush, type OutboxEntry } from '@metrodesk/events';
import { isDuplicateKey } from '@metrodesk/mongo';
import type { Clock } from '../domain/clock';
import type { ClockQuery, ClockRepository, OutcomeTally, RiskTally } from '../use-cases/ports';
import { clockModel, LEGACY_CLOCK_COLLECTIONS, type ClockDoc } from './clock.model';

function fromDoc(d: ClockDoc): Clock {
  const { _id, outbox: _o, outboxPending: _p, ...rest } = d as ClockDoc & { outboxPending?: boolean };
  return {
    ...rest,
    id: _id,
    liaisonId: rest.liaisonId ?? null,
    calendarMissing: rest.calendarMissing ?? [],
    pauses: (rest.pauses ?? []).map((p) => ({ from: new Date(p.from), to: p.to ? new Date(p.to) : null })),
    firings: (rest.firings ?? []).map((f) => ({ mark: f.mark, dueAt: new Date(f.dueAt), at: new Date(f.at) })),
  };
}

function toFields(c: Clock): Omit<ClockDoc, '_id' | 'outbox' | 'outboxPending' | 'rev'> {
  const { id: _id, rev: _rev, ...rest } = c;
  return rest;
}

function filterOf(q: ClockQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (q.cityCode) filter.cityCode = q.cityCode;
  if (q.enterpriseId) filter.enterpriseId = q.enterpriseId;
  if (q.liaisonId) filter.liaisonId = q.liaisonId;
  if (q.open) filter.stoppedAt = null;
  if (q.flagged) filter.$or = [{ breached: true }, { 'fired.0': { $exists: true } }];
  if (q.startedFrom || q.startedTo) filter.startedAt = { ...(q.startedFrom ? { $gte: q.startedFrom } : {}), ...(q.startedTo ? { $lt: q.startedTo } : {}) };
  return filter;
}

export class MongoClockRepository implements ClockRepository {
  private readonly model: Model<ClockDoc>;

  constructor(conn: Connection) {
    this.model = clockModel(conn);
  }

  async init(): Promise<void> {
    await this.model.init();
    await this.moveLegacyClocks();
  }

  /**
   * Moves the clocks an earlier release kept in 16 collections into the one: each is copied
   * (a copy already there, from a move cut short, stays as it is: it may have changed since)
   * and then deleted where it was, and an emptied collection is dropped. Runs before the
   * service takes work, so nothing writes the old collections meanwhile; safe to run again
   * after a crash, and by two replicas at once. Returns how many clocks it moved.
   */
  async moveLegacyClocks(): Promise<number> {
    const db = this.model.db;
    const present = new Set((await db.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
    let moved = 0;
    for (const name of LEGACY_CLOCK_COLLECTIONS.filter((n) => present.has(n))) {
      const legacy = db.collection<ClockDoc>(name);
      for (let docs = await legacy.find({}).limit(500).toArray(); docs.length > 0; docs = await legacy.find({}).limit(500).toArray()) {
        for (const d of docs) {
          try {
            await this.model.collection.insertOne(d as never);
          } catch (err) {
            if (!isDuplicateKey(err)) throw err;
          }
          await legacy.deleteOne({ _id: d._id });
          moved += 1;
        }
      }
      // Another replica may have dropped it first.
      await legacy.drop().catch(() => undefined);
    }
    return moved;
  }

  async insertIfAbsent(c: Clock, events: OutboxEntry[]): Promise<boolean> {
    try {
      await this.model.create({ _id: c.id, ...toFields(c), rev: c.rev, ...outboxInsert(events) });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Stores clocks that carry no events yet in bulk (the benchmark's load), 1,000 a call. */
  async insertMany(clocks: Clock[]): Promise<void> {
    for (let i = 0; i < clocks.length; i += 1000) {
      await this.model.insertMany(
        clocks.slice(i, i + 1000).map((c) => ({ _id: c.id, ...toFields(c), rev: c.rev, ...outboxInsert([]) })),
        { ordered: false },
      );
    }
  }

  /**
   * Compare-and-set on the revision: the new state and its events land together or not at
   * all, so two processes firing the same mark cannot both publish it.
   */
  async replaceIf(c: Clock, expectedRev: number, events: OutboxEntry[]): Promise<boolean> {
    const push = events.length > 0 ? outboxPush(events) : null;
    const res = await this.model
      .updateOne({ _id: c.id, rev: expectedRev }, { $set: { ...toFields(c), ...(push?.$set ?? {}) }, $inc: { rev: 1 }, ...(push ? { $push: push.$push } : {}) } as never)
      .exec();
    return res.modifiedCount === 1;
  }

  async findById(id: string): Promise<Clock | null> {
    const d = await this.model.findById(id, { outbox: 0 }).lean<ClockDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async findByRequest(requestId: string): Promise<Clock[]> {
    const docs = await this.model.find({ requestId }, { outbox: 0 }).sort({ cycle: 1, kind: 1 }).lean<ClockDoc[]>().exec();
    return docs.map(fromDoc);
  }

  /**
   * Every open clock with a pending mark, a batch at a time. No sort: the local server would
   * sort the whole match for every page (docs/decisions/0008), and reconciliation does not
   * need an order.
   */
  async *scanScheduled(batchSize: number): AsyncGenerator<Clock[]> {
    let batch: Clock[] = [];
    const cursor = this.model.find({ stoppedAt: null, nextDueAt: { $ne: null } }, { outbox: 0 }).lean<ClockDoc[]>().batchSize(batchSize).cursor();
    for await (const d of cursor) {
      batch.push(fromDoc(d as unknown as ClockDoc));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async findOverdue(before: Date, limit: number): Promise<Clock[]> {
    const docs = await this.model.find({ stoppedAt: null, nextDueAt: { $lte: before } }, { outbox: 0 }).sort({ nextDueAt: 1 }).limit(limit).lean<ClockDoc[]>().exec();
    return docs.map(fromDoc);
  }

  async list(q: ClockQuery, limit: number): Promise<Clock[]> {
    const docs = await this.model.find(filterOf(q), { outbox: 0 }).sort({ startedAt: 1, _id: 1 }).limit(limit).lean<ClockDoc[]>().exec();
    return docs.map(fromDoc);
  }

  async tallyFlagged(q: Pick<ClockQuery, 'cityCode' | 'liaisonId'>): Promise<RiskTally[]> {
    const match = filterOf({ ...q, open: true, flagged: true });
    const group = { $group: { _id: { cityCode: '$cityCode', liaisonId: '$liaisonId', breached: '$breached' }, count: { $sum: 1 } } };
    const rows = await this.model.aggregate<{ _id: { cityCode: string; liaisonId?: string | null; breached: boolean }; count: number }>([{ $match: match }, group]).exec();
    return rows.map((r) => ({ cityCode: r._id.cityCode, liaisonId: r._id.liaisonId ?? null, breached: r._id.breached, count: r.count }));
  }

  async tallyOutcomes(q: Pick<ClockQuery, 'cityCode' | 'liaisonId' | 'startedFrom' | 'startedTo'>): Promise<OutcomeTally[]> {
    const group = { $group: { _id: { kind: '$kind', cityCode: '$cityCode', outcome: '$outcome', withinTarget: '$withinTarget', breached: '$breached' }, count: { $sum: 1 } } };
    const rows = await this.model.aggregate<{ _id: Omit<OutcomeTally, 'count'>; count: number }>([{ $match: filterOf(q) }, group]).exec();
    return rows.map((r) => ({ kind: r._id.kind, cityCode: r._id.cityCode, outcome: r._id.outcome ?? null, withinTarget: r._id.withinTarget ?? null, breached: r._id.breached, count: r.count }));
  }

  async findCalendarMissing(calendarId?: string): Promise<Clock[]> {
    const filter = { stoppedAt: null, 'calendarMissing.0': { $exists: true }, ...(calendarId ? { calendarId } : {}) };
    const docs = await this.model.find(filter, { outbox: 0 }).lean<ClockDoc[]>().exec();
    return docs.map(fromDoc);
  }

  /**
   * Each of the request's open clocks by its `_id`: a write by any other filter would hold
   * every clock write of the collection on the local server (docs/decisions/0004).
   */
  async setLiaison(requestId: string, liaisonId: string | null, cityCode?: string): Promise<void> {
    const open = await this.model.find({ requestId, stoppedAt: null }, { _id: 1 }).lean<Pick<ClockDoc, '_id'>[]>().exec();
    for (const { _id } of open) {
      await this.model.updateOne({ _id, stoppedAt: null }, { $set: { liaisonId, ...(cityCode ? { cityCode } : {}) }, $inc: { rev: 1 } }).exec();
    }
  }
}
