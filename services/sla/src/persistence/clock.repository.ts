import type { Connection, Model } from 'mongoose';
import { outboxInsert, outboxPush, type OutboxEntry } from '@metrodesk/events';
import { isDuplicateKey } from '@metrodesk/mongo';
import type { Clock } from '../domain/clock';
import type { ClockQuery, ClockRepository, OutcomeTally, RiskTally } from '../use-cases/ports';
import { clockModels, requestOfClock, shardOf, type ClockDoc } from './clock.model';

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

const byStart = (a: Clock, b: Clock) => a.startedAt.getTime() - b.startedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class MongoClockRepository implements ClockRepository {
  private readonly models: Model<ClockDoc>[];

  constructor(conn: Connection) {
    this.models = clockModels(conn);
  }

  /** The collection holding a request's clocks. */
  private of(requestId: string): Model<ClockDoc> {
    return this.models[shardOf(requestId)]!;
  }

  async init(): Promise<void> {
    for (const m of this.models) await m.init();
  }

  async insertIfAbsent(c: Clock, events: OutboxEntry[]): Promise<boolean> {
    try {
      await this.of(c.requestId).create({ _id: c.id, ...toFields(c), rev: c.rev, ...outboxInsert(events) });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Stores clocks that carry no events yet in bulk (the benchmark's load), 1,000 a call. */
  async insertMany(clocks: Clock[]): Promise<void> {
    const byShard = new Map<number, Clock[]>();
    for (const c of clocks) {
      const shard = shardOf(c.requestId);
      byShard.set(shard, byShard.get(shard) ?? []);
      byShard.get(shard)!.push(c);
    }
    for (const [shard, list] of byShard) {
      for (let i = 0; i < list.length; i += 1000) {
        await this.models[shard]!.insertMany(
          list.slice(i, i + 1000).map((c) => ({ _id: c.id, ...toFields(c), rev: c.rev, ...outboxInsert([]) })),
          { ordered: false },
        );
      }
    }
  }

  /**
   * Compare-and-set on the revision: the new state and its events land together or not at
   * all, so two processes firing the same mark cannot both publish it.
   */
  async replaceIf(c: Clock, expectedRev: number, events: OutboxEntry[]): Promise<boolean> {
    const push = events.length > 0 ? outboxPush(events) : null;
    const res = await this.of(c.requestId)
      .updateOne({ _id: c.id, rev: expectedRev }, { $set: { ...toFields(c), ...(push?.$set ?? {}) }, $inc: { rev: 1 }, ...(push ? { $push: push.$push } : {}) } as never)
      .exec();
    return res.modifiedCount === 1;
  }

  async findById(id: string): Promise<Clock | null> {
    const d = await this.of(requestOfClock(id)).findById(id, { outbox: 0 }).lean<ClockDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async findByRequest(requestId: string): Promise<Clock[]> {
    const docs = await this.of(requestId).find({ requestId }, { outbox: 0 }).sort({ cycle: 1, kind: 1 }).lean<ClockDoc[]>().exec();
    return docs.map(fromDoc);
  }

  /**
   * One cursor per collection over every open clock with a pending mark. No sort: the local
   * server would sort the whole match for every page (docs/decisions/0008), and reconciliation
   * does not need an order.
   */
  async *scanScheduled(batchSize: number): AsyncGenerator<Clock[]> {
    let batch: Clock[] = [];
    for (const model of this.models) {
      const cursor = model.find({ stoppedAt: null, nextDueAt: { $ne: null } }, { outbox: 0 }).lean<ClockDoc[]>().batchSize(batchSize).cursor();
      for await (const d of cursor) {
        batch.push(fromDoc(d as unknown as ClockDoc));
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  }

  async findOverdue(before: Date, limit: number): Promise<Clock[]> {
    const found = await Promise.all(
      this.models.map((m) => m.find({ stoppedAt: null, nextDueAt: { $lte: before } }, { outbox: 0 }).sort({ nextDueAt: 1 }).limit(limit).lean<ClockDoc[]>().exec()),
    );
    return found
      .flat()
      .map(fromDoc)
      .sort((a, b) => a.nextDueAt!.getTime() - b.nextDueAt!.getTime())
      .slice(0, limit);
  }

  async list(q: ClockQuery, limit: number): Promise<Clock[]> {
    const filter = filterOf(q);
    const found = await Promise.all(this.models.map((m) => m.find(filter, { outbox: 0 }).sort({ startedAt: 1, _id: 1 }).limit(limit).lean<ClockDoc[]>().exec()));
    return found.flat().map(fromDoc).sort(byStart).slice(0, limit);
  }

  async tallyFlagged(q: Pick<ClockQuery, 'cityCode' | 'liaisonId'>): Promise<RiskTally[]> {
    const match = filterOf({ ...q, open: true, flagged: true });
    const group = { $group: { _id: { cityCode: '$cityCode', liaisonId: '$liaisonId', breached: '$breached' }, count: { $sum: 1 } } };
    const rows = await Promise.all(this.models.map((m) => m.aggregate<{ _id: { cityCode: string; liaisonId?: string | null; breached: boolean }; count: number }>([{ $match: match }, group]).exec()));
    return rows.flat().map((r) => ({ cityCode: r._id.cityCode, liaisonId: r._id.liaisonId ?? null, breached: r._id.breached, count: r.count }));
  }

  async tallyOutcomes(q: Pick<ClockQuery, 'cityCode' | 'liaisonId' | 'startedFrom' | 'startedTo'>): Promise<OutcomeTally[]> {
    const group = { $group: { _id: { kind: '$kind', cityCode: '$cityCode', outcome: '$outcome', withinTarget: '$withinTarget', breached: '$breached' }, count: { $sum: 1 } } };
    const rows = await Promise.all(this.models.map((m) => m.aggregate<{ _id: Omit<OutcomeTally, 'count'>; count: number }>([{ $match: filterOf(q) }, group]).exec()));
    return rows.flat().map((r) => ({ kind: r._id.kind, cityCode: r._id.cityCode, outcome: r._id.outcome ?? null, withinTarget: r._id.withinTarget ?? null, breached: r._id.breached, count: r.count }));
  }

  async findCalendarMissing(calendarId?: string): Promise<Clock[]> {
    const filter = { stoppedAt: null, 'calendarMissing.0': { $exists: true }, ...(calendarId ? { calendarId } : {}) };
    const found = await Promise.all(this.models.map((m) => m.find(filter, { outbox: 0 }).lean<ClockDoc[]>().exec()));
    return found.flat().map(fromDoc);
  }

  async setLiaison(requestId: string, liaisonId: string | null, cityCode?: string): Promise<void> {
    await this.of(requestId)
      .updateMany({ requestId, stoppedAt: null }, { $set: { liaisonId, ...(cityCode ? { cityCode } : {}) }, $inc: { rev: 1 } })
      .exec();
  }
}
