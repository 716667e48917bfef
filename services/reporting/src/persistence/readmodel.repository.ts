import { createHash } from 'node:crypto';
import type { Connection, Collection } from 'mongoose';
import { isDuplicateKey, KeyedLock, RecentlyUsed, upsertNewer } from '@metrodesk/mongo';
import type { Contribution, EnterpriseFlags, Fact } from '../domain/facts';
import { NO_FLAGS } from '../domain/facts';
import { sumFigures, unionMembers, canonical, type Figures, type MemberCounts, type Members } from '../domain/figures';
import { bucketId } from '../domain/rollup';
import { Cube } from '../domain/cube';
import type { Range } from '../domain/period';
import type { EnterpriseSnapshot, ReadModel } from '../use-cases/ports';

/**
 * Figures, member sets and facts are stored as JSON text. The local server compares embedded
 * documents by their values only, so `$set: { f: { closed: 1 } }` over `f: { responded: 1 }`
 * counts as "no change" and is silently skipped; a string compares correctly (docs/decisions/0008).
 */
interface FactDoc {
  _id: string;
  rev: number;
  enterpriseId: string | null;
  fact: string;
}
interface ContribDoc {
  _id: string;
  bucket: string;
  fact: string;
  f: string;
  m: string;
  dead: boolean;
}
/** A city's figures and member sets for one day: the only rolled-up figures stored. */
interface DayDoc {
  _id: string;
  f: string;
  m: string;
}
interface EnterpriseDoc {
  _id: string;
  version: number;
  cityCode: string;
  flags: EnterpriseFlags;
}

/** Days whose contributions are kept in memory (see `loaded`); older ones are read again when touched. */
const LOADED_DAYS_MAX = 2000;
/** Facts (with their contributions) kept in memory (see `factCopies`); older ones are read again when touched. */
const FACT_COPIES_MAX = 10000;

export const COLLECTIONS = { facts: 'rp_facts', contrib: 'rp_contributions', days: 'rp_days', enterprises: 'rp_enterprises' } as const;

const json = JSON.stringify;
/** Stored text; read models written before the text form hold the object itself. */
const parse = <T>(s: string | object | undefined, fallback: T): T => (typeof s === 'string' ? (s ? (JSON.parse(s) as T) : fallback) : ((s as T | undefined) ?? fallback));

/**
 * Facts, their contributions to (city, day) buckets and the days' figures are stored; every
 * month, quarter, year and province figure is derived from the days in memory (see Cube).
 *
 * On the local server a read or write on the event path can cost a scan of the collection
 * (docs/decisions/0008): the path does as few as it can, and reports read no database at all. This process is the only writer of its
 * read model (one consumer group, one instance), which keeps the in-memory cube exact.
 */
export class MongoReadModel implements ReadModel {
  readonly facts: Collection<FactDoc>;
  readonly contrib: Collection<ContribDoc>;
  readonly days: Collection<DayDoc>;
  readonly enterprises: Collection<EnterpriseDoc>;
  private readonly locks = new KeyedLock();
  private readonly cube: Cube;
  /**
   * Days waiting for a recompute, each with the writers waiting for it. A writer returns only
   * once its days are stored, so an event is never marked processed while a day it changed is
   * behind its contributions: after a crash, redelivery redoes the work. No dirty flags stored.
   */
  private readonly pending = new Map<string, Waiter[]>();
  private inFlight = 0;
  /** A digest of each day as stored, so recomputing an unchanged day writes nothing. */
  private readonly stored = new Map<string, string>();
  /**
   * The live contributions of each day recomputed so far, by contribution id, as stored: only
   * this process writes them, so once a day is read the copy stays exact, and a recompute
   * sums memory instead of reading the whole day (which grew with every request of the day
   * and made each event cost a read of all of them). A day whose write failed is dropped from
   * the copy and read again.
   */
  private readonly loaded = new RecentlyUsed<string, Map<string, { f: Figures; m: Members }>>(LOADED_DAYS_MAX);
  /** Contribution writes started or ended per day: a read that overlapped one is not kept. */
  private readonly writesTo = new Map<string, number>();
  /**
   * Facts as stored and their contributions by day, for the facts touched most recently: a
   * request's events come minutes apart, and each would otherwise read its fact and its
   * contributions again. Only this process writes them, so a copy stays exact while every
   * write succeeds; a write that fails (stored or not, nobody knows) drops the fact's copies
   * and the next event reads them again.
   */
  private readonly factCopies = new RecentlyUsed<string, { doc: FactDoc | null; contribs: Map<string, ContribDoc> | null }>(FACT_COPIES_MAX);
  /** Enterprise flags as stored; only this process writes them, so the copy stays exact. */
  private readonly flags = new Map<string, EnterpriseFlags>();
  private enterpriseSaves = 0;
  /** Called when a day waits for a recompute, so the rollup runs at once instead of on a timer. */
  onDirty: () => void = () => undefined;

  constructor(conn: Connection, provinceCode: string, cityCodes: string[]) {
    this.facts = conn.collection<FactDoc>(COLLECTIONS.facts);
    this.contrib = conn.collection<ContribDoc>(COLLECTIONS.contrib);
    this.days = conn.collection<DayDoc>(COLLECTIONS.days);
    this.enterprises = conn.collection<EnterpriseDoc>(COLLECTIONS.enterprises);
    this.cube = new Cube(provinceCode, cityCodes);
  }

  /** Indexes, then the stored days into memory. */
  async init(): Promise<void> {
    await Promise.all([this.facts.createIndex({ enterpriseId: 1 }), this.contrib.createIndex({ bucket: 1 }), this.contrib.createIndex({ fact: 1 })]);
    const days = await this.days.find({}).toArray();
    this.cube.setDays(days.map((d) => ({ id: d._id, f: parse<Figures>(d.f, {}), m: parse<Members>(d.m, {}) })));
    for (const d of days) this.stored.set(d._id, digest(d.f, d.m));
    // Contributions but no stored day: a read model from before days were stored.
    if (days.length === 0 && (await this.contrib.estimatedDocumentCount()) > 0) for (const b of await this.contrib.distinct('bucket')) this.pending.set(b, []);
  }

  /** Days waiting for a recompute (tests wait for none). */
  get backlog(): number {
    return this.pending.size + this.inFlight;
  }

  figures(scope: string, range: Range): { f: Figures; n: MemberCounts } {
    return this.cube.figures(scope, range);
  }

  /** Serialises the read-modify-write of one fact and its contributions: its compare-and-set alone does not hold on the local server (docs/decisions/0004). */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(`fact:${key}`, fn);
  }

  async updateFact(key: string, fn: (prev: Fact | null) => Promise<Fact | null>): Promise<Fact | null> {
    for (;;) {
      let doc = this.factCopies.peek(key)?.doc ?? null;
      if (!doc) {
        doc = await this.facts.findOne({ _id: key });
        if (doc) this.keepFact(key, { doc });
      }
      const prev = doc ? parse<Fact>(doc.fact, null as never) : null;
      const next = await fn(prev);
      if (!next || (doc && doc.fact === json(next))) return prev;
      const enterpriseId = 'enterpriseId' in next && next.enterpriseId ? next.enterpriseId : null;
      const stored: FactDoc = { _id: key, rev: doc ? doc.rev + 1 : 1, enterpriseId, fact: json(next) };
      try {
        if (!doc) {
          try {
            await this.facts.insertOne(stored);
          } catch (err) {
            if (!isDuplicateKey(err)) throw err;
            continue;
          }
        } else if ((await this.facts.updateOne({ _id: key, rev: doc.rev }, { $set: { fact: stored.fact, enterpriseId }, $inc: { rev: 1 } })).matchedCount !== 1) {
          this.forgetFact(key);
          continue;
        }
      } catch (err) {
        this.forgetFact(key);
        throw err;
      }
      this.keepFact(key, { doc: stored });
      return next;
    }
  }

  private keepFact(key: string, part: { doc?: FactDoc; contribs?: Map<string, ContribDoc> }): void {
    const had = this.factCopies.peek(key);
    this.factCopies.set(key, { doc: part.doc ?? had?.doc ?? null, contribs: part.contribs ?? had?.contribs ?? null });
  }

  private forgetFact(key: string): void {
    this.factCopies.delete(key);
  }

  async enterpriseFlags(enterpriseId: string): Promise<EnterpriseFlags> {
    const known = this.flags.get(enterpriseId);
    if (known) return known;
    const saves = this.enterpriseSaves;
    const e = await this.enterprises.findOne({ _id: enterpriseId });
    const flags = e ? { contactPoint: e.flags.contactPoint, keyEnergyUnit: e.flags.keyEnergyUnit } : NO_FLAGS;
    // Remembered (no snapshot yet included) only if none was saved while we read: ours could be the older one.
    if (saves === this.enterpriseSaves) this.flags.set(enterpriseId, flags);
    return flags;
  }

  async saveEnterprise(e: EnterpriseSnapshot): Promise<boolean> {
    return this.locks.run(`enterprise:${e.enterpriseId}`, async () => {
      this.enterpriseSaves += 1;
      this.flags.delete(e.enterpriseId);
      const stored = await this.storeEnterprise(e);
      this.enterpriseSaves += 1;
      return stored;
    });
  }

  private async storeEnterprise(e: EnterpriseSnapshot): Promise<boolean> {
    const doc = { version: e.version, cityCode: e.cityCode, flags: { contactPoint: e.flags.contactPoint, keyEnergyUnit: e.flags.keyEnergyUnit } };
    return upsertNewer(this.enterprises, e.enterpriseId, doc);
  }

  async factKeysOfEnterprise(enterpriseId: string): Promise<string[]> {
    const docs = await this.facts.find({ enterpriseId }, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id);
  }

  async syncContributions(factKey: string, wanted: Contribution[]): Promise<void> {
    const copy = this.factCopies.peek(factKey)?.contribs;
    const existing = copy ? [...copy.values()] : await this.contrib.find({ fact: factKey }).toArray();
    const byBucket = new Map(existing.map((d) => [d.bucket, d]));
    const touched = new Set<string>(existing.map((d) => d.bucket));
    const after = new Map(byBucket);
    // Each write is to a document of its own (one per fact and day), so they may overlap.
    const writes: Promise<unknown>[] = [];
    for (const c of wanted) {
      const bucket = bucketId(c.cityCode, `D${c.day}`);
      touched.add(bucket);
      const had = byBucket.get(bucket);
      byBucket.delete(bucket);
      const f = json(canonical(c.f));
      const m = json(c.m);
      if (had && !had.dead && had.f === f && had.m === m) continue;
      const id = `${bucket}|${factKey}`;
      after.set(bucket, { _id: id, bucket, fact: factKey, f, m, dead: false });
      writes.push(this.writeContribution(bucket, id, { f: c.f, m: c.m }, () => this.contrib.updateOne({ _id: id }, { $set: { bucket, fact: factKey, f, m, dead: false } }, { upsert: true })));
    }
    // Contributions the fact no longer makes are kept as tombstones, so a retried event
    // still finds (and recomputes) every day the fact ever touched.
    for (const d of byBucket.values()) {
      if (d.dead) continue;
      after.set(d.bucket, { ...d, dead: true, f: '{}', m: '{}' });
      writes.push(this.writeContribution(d.bucket, d._id, null, () => this.contrib.updateOne({ _id: d._id }, { $set: { dead: true, f: '{}', m: '{}' } })));
    }
    // Every write settles before the copy is kept or dropped, so none lands after it.
    const results = await Promise.allSettled(writes);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      this.forgetFact(factKey);
      throw failed.reason;
    }
    this.keepFact(factKey, { contribs: after });
    await this.recomputed([...touched]);
  }

  /** Resolves once each day has been recomputed from contributions read after this call. */
  private async recomputed(ids: string[]): Promise<void> {
    const waits = ids.map(
      (id) =>
        new Promise<void>((resolve, reject) => {
          const list = this.pending.get(id);
          if (list) list.push({ resolve, reject });
          else this.pending.set(id, [{ resolve, reject }]);
        }),
    );
    this.onDirty();
    await Promise.all(waits);
  }

  /**
   * Recomputes every pending day from its contributions; returns how many it processed. A day
   * that fails fails its writers, whose events the consumer then retries (or dead-letters).
   */
  async rollupOnce(): Promise<number> {
    const batch = [...this.pending];
    this.pending.clear();
    this.inFlight = batch.length;
    let error: unknown;
    // Days are independent documents: a few at a time, so an event's days are stored together.
    for (let i = 0; i < batch.length; i += ROLLUP_CONCURRENCY) {
      await Promise.all(
        batch.slice(i, i + ROLLUP_CONCURRENCY).map(async ([id, waiters]) => {
          try {
            await this.recompute(id);
            for (const w of waiters) w.resolve();
          } catch (err) {
            for (const w of waiters) w.reject(err);
            error = err;
          } finally {
            this.inFlight -= 1;
          }
        }),
      );
    }
    if (error) throw error;
    return batch.length;
  }

  /** Stores one contribution (null: its tombstone) and keeps the day's copy in step with what was stored. */
  private async writeContribution(bucket: string, id: string, live: { f: Figures; m: Members } | null, write: () => Promise<unknown>): Promise<void> {
    const bump = () => this.writesTo.set(bucket, (this.writesTo.get(bucket) ?? 0) + 1);
    bump();
    try {
      await write();
    } catch (err) {
      // Stored or not, nobody knows: the day is read again at its next recompute.
      this.loaded.delete(bucket);
      throw err;
    } finally {
      bump();
    }
    const day = this.loaded.peek(bucket);
    if (!day) return;
    if (live) day.set(id, { f: canonical(live.f), m: live.m });
    else day.delete(id);
  }

  /** The day's live contributions: the copy, or a read of the day (kept if no write to the day overlapped it). */
  private async contributionsOf(id: string): Promise<{ f: Figures; m: Members }[]> {
    const copy = this.loaded.use(id);
    if (copy) return [...copy.values()];
    const before = this.writesTo.get(id) ?? 0;
    const docs = (await this.contrib.find({ bucket: id }).toArray()).filter((d) => !d.dead);
    const read = new Map(docs.map((d) => [d._id, { f: parse<Figures>(d.f, {}), m: parse<Members>(d.m, {}) }]));
    if ((this.writesTo.get(id) ?? 0) === before) this.loaded.set(id, read);
    return [...read.values()];
  }

  private async recompute(id: string): Promise<void> {
    const docs = await this.contributionsOf(id);
    const f = sumFigures(docs.map((d) => d.f));
    const m = unionMembers(docs.map((d) => d.m));
    const text = { f: json(f), m: json(m) };
    const d = digest(text.f, text.m);
    if (this.stored.get(id) === d) return;
    await this.days.updateOne({ _id: id }, { $set: text }, { upsert: true });
    this.stored.set(id, d);
    this.cube.setDays([{ id, f, m }]);
  }
}

type Waiter = { resolve: () => void; reject: (err: unknown) => void };
const ROLLUP_CONCURRENCY = 4;

const digest = (f: string, m: string) => createHash('sha1').update(f).update('\n').update(m).digest('base64');
