import type { Connection, Collection } from 'mongoose';
import { isDuplicateKey } from '@metrodesk/mongo';
import type { Contribution, EnterpriseFlags, Fact } from '../domain/facts';
import { NO_FLAGS } from '../domain/facts';
import { countMembers, sumFigures, unionMembers, canonical, type Figures, type Members } from '../domain/figures';
import { bucketId, parentIdOf, parentsOf, rankOf, splitBucketId } from '../domain/rollup';
import { childPeriods } from '../domain/period';
import type { Bucket, EnterpriseSnapshot, ReadModel } from '../use-cases/ports';
import { KeyedMutex } from './keyed-mutex';

/**
 * Figures, member sets and facts are stored as JSON text. FerretDB v1 compares embedded
 * documents by their values only, so `$set: { f: { closed: 1 } }` over `f: { responded: 1 }`
 * counts as "no change" and is silently skipped; a string compares correctly.
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
interface BucketDoc {
  _id: string;
  scope: string;
  period: string;
  parent: string | null;
  rank: number;
  gen: number;
  dirty: boolean;
  f?: string;
  n?: string;
}
interface SetDoc {
  _id: string;
  parent: string | null;
  period: string;
  m: string;
}
interface EnterpriseDoc {
  _id: string;
  version: number;
  cityCode: string;
  flags: EnterpriseFlags;
}

export const COLLECTIONS = { facts: 'rp_facts', contrib: 'rp_contributions', buckets: 'rp_buckets', sets: 'rp_sets', enterprises: 'rp_enterprises' } as const;

const json = JSON.stringify;
const parse = <T>(s: string | undefined, fallback: T): T => (s ? (JSON.parse(s) as T) : fallback);

export class MongoReadModel implements ReadModel {
  readonly facts: Collection<FactDoc>;
  readonly contrib: Collection<ContribDoc>;
  readonly buckets: Collection<BucketDoc>;
  readonly sets: Collection<SetDoc>;
  readonly enterprises: Collection<EnterpriseDoc>;
  private readonly locks = new KeyedMutex();
  /**
   * Buckets as last written. This process's rollup loop is the only writer of buckets (the
   * writes must be serialised in one process anyway, see KeyedMutex), so it keeps the cache
   * exact and reports read no database at all once warm.
   */
  private readonly cache = new Map<string, Bucket | null>();
  private readonly periodIndex = new Map<string, Set<string>>();
  private readonly periodsLoaded = new Set<string>();
  /**
   * Buckets this process marked dirty, by rank. The rollup loop works from here instead of
   * querying `dirty: true` on every pass (a scan on FerretDB); the stored flag is read back
   * at start and now and then, so marks from a crashed run are never lost.
   */
  private readonly pending = new Map<string, number>();
  private lastScan = 0;

  constructor(
    conn: Connection,
    private readonly provinceCode: () => string,
    private readonly cityCodes: () => string[],
  ) {
    this.facts = conn.collection<FactDoc>(COLLECTIONS.facts);
    this.contrib = conn.collection<ContribDoc>(COLLECTIONS.contrib);
    this.buckets = conn.collection<BucketDoc>(COLLECTIONS.buckets);
    this.sets = conn.collection<SetDoc>(COLLECTIONS.sets);
    this.enterprises = conn.collection<EnterpriseDoc>(COLLECTIONS.enterprises);
  }

  async init(): Promise<void> {
    await Promise.all([
      this.facts.createIndex({ enterpriseId: 1 }),
      this.contrib.createIndex({ bucket: 1 }),
      this.contrib.createIndex({ fact: 1 }),
      this.buckets.createIndex({ period: 1 }),
      this.buckets.createIndex({ parent: 1 }),
      this.buckets.createIndex({ dirty: 1, rank: 1 }),
      this.sets.createIndex({ parent: 1 }),
      this.sets.createIndex({ period: 1 }),
    ]);
  }

  /** Serialises the read-modify-write of one fact and its contributions (see KeyedMutex). */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(`fact:${key}`, fn);
  }

  async updateFact(key: string, fn: (prev: Fact | null) => Promise<Fact | null>): Promise<Fact | null> {
    for (;;) {
      const doc = await this.facts.findOne({ _id: key });
      const prev = doc ? parse<Fact>(doc.fact, null as never) : null;
      const next = await fn(prev);
      if (!next || (doc && doc.fact === json(next))) return prev;
      const enterpriseId = 'enterpriseId' in next && next.enterpriseId ? next.enterpriseId : null;
      if (!doc) {
        try {
          await this.facts.insertOne({ _id: key, rev: 1, enterpriseId, fact: json(next) });
          return next;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          continue;
        }
      }
      const res = await this.facts.updateOne({ _id: key, rev: doc.rev }, { $set: { fact: json(next), enterpriseId }, $inc: { rev: 1 } });
      if (res.matchedCount === 1) return next;
    }
  }

  async enterpriseFlags(enterpriseId: string): Promise<EnterpriseFlags> {
    const e = await this.enterprises.findOne({ _id: enterpriseId });
    return e ? { contactPoint: e.flags.contactPoint, keyEnergyUnit: e.flags.keyEnergyUnit } : NO_FLAGS;
  }

  async saveEnterprise(e: EnterpriseSnapshot): Promise<boolean> {
    return this.locks.run(`enterprise:${e.enterpriseId}`, () => this.storeEnterprise(e));
  }

  private async storeEnterprise(e: EnterpriseSnapshot): Promise<boolean> {
    const doc = { version: e.version, cityCode: e.cityCode, flags: { contactPoint: e.flags.contactPoint, keyEnergyUnit: e.flags.keyEnergyUnit } };
    try {
      const res = await this.enterprises.updateOne({ _id: e.enterpriseId, version: { $lt: e.version } }, { $set: doc }, { upsert: true });
      return res.modifiedCount + res.upsertedCount > 0;
    } catch (err) {
      // The stored snapshot is as new or newer: the upsert collided with it.
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async factKeysOfEnterprise(enterpriseId: string): Promise<string[]> {
    const docs = await this.facts.find({ enterpriseId }, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id);
  }

  async syncContributions(factKey: string, wanted: Contribution[]): Promise<void> {
    const existing = await this.contrib.find({ fact: factKey }).toArray();
    const byBucket = new Map(existing.map((d) => [d.bucket, d]));
    const touched = new Set<string>(existing.map((d) => d.bucket));
    for (const c of wanted) {
      const bucket = bucketId(c.cityCode, `D${c.day}`);
      touched.add(bucket);
      const had = byBucket.get(bucket);
      byBucket.delete(bucket);
      const f = json(canonical(c.f));
      const m = json(c.m);
      if (had && !had.dead && had.f === f && had.m === m) continue;
      await this.contrib.updateOne({ _id: `${bucket}|${factKey}` }, { $set: { bucket, fact: factKey, f, m, dead: false } }, { upsert: true });
    }
    // Contributions the fact no longer makes are kept as tombstones, so a retried event
    // still finds (and re-marks) every bucket the fact ever touched.
    for (const d of byBucket.values()) if (!d.dead) await this.contrib.updateOne({ _id: d._id }, { $set: { dead: true, f: '{}', m: '{}' } });
    await this.markDirty([...touched]);
  }

  async markDirty(ids: string[]): Promise<void> {
    for (const id of ids) {
      const { scope, period } = splitBucketId(id);
      const rank = rankOf(period.level, scope === this.provinceCode());
      await this.locks.run(`bucket:${id}`, () =>
        this.buckets.updateOne({ _id: id }, { $inc: { gen: 1 }, $set: { dirty: true, scope, period: period.key, parent: scope === this.provinceCode() ? null : parentIdOf(id), rank } }, { upsert: true }),
      );
      this.pending.set(id, rank);
    }
  }

  /** Recomputes up to `limit` dirty buckets, lowest level first; returns how many it processed. */
  async rollupOnce(limit = 200, rescanMs = 5000): Promise<number> {
    if (this.pending.size === 0 && Date.now() - this.lastScan > rescanMs) {
      this.lastScan = Date.now();
      const stored = await this.buckets.find({ dirty: true }, { projection: { _id: 1, rank: 1 } }).limit(5000).toArray();
      for (const b of stored) this.pending.set(b._id, b.rank);
    }
    const batch = [...this.pending].sort((a, b) => a[1] - b[1]).slice(0, limit);
    for (const [id] of batch) {
      this.pending.delete(id);
      await this.recompute(id);
    }
    return batch.length;
  }

  private async recompute(id: string): Promise<void> {
    const mark = await this.buckets.findOne({ _id: id }, { projection: { gen: 1, dirty: 1 } });
    if (!mark?.dirty) return;
    const gen = mark.gen;
    const { scope, period } = splitBucketId(id);
    const province = this.provinceCode();
    let parts: { f: Figures; m: Members }[];
    if (scope === province) {
      const cities = new Set(this.cityCodes());
      const [figs, sets] = await Promise.all([this.buckets.find({ period: period.key }).toArray(), this.sets.find({ period: period.key }).toArray()]);
      const setOf = new Map(sets.map((s) => [s._id, s.m]));
      parts = figs.filter((b) => cities.has(b.scope)).map((b) => ({ f: parse<Figures>(b.f, {}), m: parse<Members>(setOf.get(b._id), {}) }));
    } else if (period.level === 'D') {
      const docs = await this.contrib.find({ bucket: id }).toArray();
      parts = docs.filter((d) => !d.dead).map((d) => ({ f: parse<Figures>(d.f, {}), m: parse<Members>(d.m, {}) }));
    } else {
      const [figs, sets] = await Promise.all([this.buckets.find({ parent: id }).toArray(), this.sets.find({ parent: id }).toArray()]);
      const wantedChildren = new Set(childPeriods(period).map((p) => bucketId(scope, p.key)));
      const setOf = new Map(sets.map((s) => [s._id, s.m]));
      parts = figs.filter((b) => wantedChildren.has(b._id)).map((b) => ({ f: parse<Figures>(b.f, {}), m: parse<Members>(setOf.get(b._id), {}) }));
    }
    const members = unionMembers(parts.map((p) => p.m));
    const f = json(sumFigures(parts.map((p) => p.f)));
    const m = json(members);
    const n = json(countMembers(members));
    const changed = await this.locks.run(`bucket:${id}`, async () => {
      // Province member sets are never stored: they are the largest documents, read by no
      // parent, and a range query unions the cities' sets instead.
      const keepsSet = scope !== province;
      const [before, beforeSet] = await Promise.all([this.buckets.findOne({ _id: id }), keepsSet ? this.sets.findOne({ _id: id }) : null]);
      // A consumer marked the bucket again while we read: leave it dirty for the next pass.
      if (!before || before.gen !== gen) return false;
      const differs = before.f !== f || before.n !== n || (keepsSet && (beforeSet?.m ?? '{}') !== m);
      // Members first: a parent recomputed after our figures are visible must find our members too.
      if (differs && keepsSet) await this.sets.updateOne({ _id: id }, { $set: { m, period: period.key, parent: scope === province ? null : parentIdOf(id) } }, { upsert: true });
      await this.buckets.updateOne({ _id: id }, { $set: { f, n, dirty: false } });
      this.remember(toBucket({ ...before, f, n }));
      return differs;
    });
    if (changed) await this.markDirty(parentsOf(id, province));
  }

  private remember(b: Bucket): void {
    this.cache.set(b.id, b);
    let ids = this.periodIndex.get(b.period);
    if (!ids) this.periodIndex.set(b.period, (ids = new Set()));
    ids.add(b.id);
  }

  async bucket(id: string): Promise<Bucket | null> {
    const hit = this.cache.get(id);
    if (hit !== undefined) return hit;
    const doc = await this.buckets.findOne({ _id: id });
    // The rollup loop may have written a newer one while we read: keep what it wrote.
    if (doc && !this.cache.get(id)) this.remember(toBucket(doc));
    else if (!doc && !this.cache.has(id)) this.cache.set(id, null);
    return this.cache.get(id) ?? null;
  }

  async bucketsOfPeriod(periodKey: string): Promise<Bucket[]> {
    if (!this.periodsLoaded.has(periodKey)) {
      const docs = await this.buckets.find({ period: periodKey }).toArray();
      for (const d of docs) if (!this.cache.get(d._id)) this.remember(toBucket(d));
      this.periodsLoaded.add(periodKey);
    }
    return [...(this.periodIndex.get(periodKey) ?? [])].map((id) => this.cache.get(id)).filter((b): b is Bucket => !!b);
  }

  async members(id: string): Promise<Members> {
    return parse<Members>((await this.sets.findOne({ _id: id }))?.m, {});
  }
}

function toBucket(b: BucketDoc): Bucket {
  return { id: b._id, scope: b.scope, period: b.period, f: parse<Figures>(b.f, {}), n: countsOf(parse<Record<string, number> | undefined>(b.n, undefined)) };
}

function countsOf(n: Record<string, number> | undefined) {
  return { served: n?.served ?? 0, contactPoint: n?.contactPoint ?? 0, keyEnergy: n?.keyEnergy ?? 0, persons: n?.persons ?? 0, units: n?.units ?? 0 };
}
