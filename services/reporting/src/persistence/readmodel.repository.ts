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
      await this.locks.run(`bucket:${id}`, () =>
        this.buckets.updateOne(
          { _id: id },
          { $inc: { gen: 1 }, $set: { dirty: true, scope, period: period.key, parent: scope === this.provinceCode() ? null : parentIdOf(id), rank: rankOf(period.level, scope === this.provinceCode()) } },
          { upsert: true },
        ),
      );
    }
  }

  /** Recomputes up to `limit` dirty buckets, lowest level first; returns how many it processed. */
  async rollupOnce(limit = 200): Promise<number> {
    const batch = await this.buckets.find({ dirty: true }, { projection: { _id: 1, gen: 1, rank: 1 } }).sort({ rank: 1 }).limit(limit).toArray();
    for (const b of batch) await this.recompute(b._id, b.gen);
    return batch.length;
  }

  private async recompute(id: string, gen: number): Promise<void> {
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
      const [before, beforeSet] = await Promise.all([this.buckets.findOne({ _id: id }), this.sets.findOne({ _id: id })]);
      // A consumer marked the bucket again while we read: leave it dirty for the next pass.
      if (!before || before.gen !== gen) return false;
      const differs = before.f !== f || before.n !== n || (beforeSet?.m ?? '{}') !== m;
      // Members first: a parent recomputed after our figures are visible must find our members too.
      if (differs) await this.sets.updateOne({ _id: id }, { $set: { m, period: period.key, parent: scope === province ? null : parentIdOf(id) } }, { upsert: true });
      await this.buckets.updateOne({ _id: id }, { $set: { f, n, dirty: false } });
      return differs;
    });
    if (changed) await this.markDirty(parentsOf(id, province));
  }

  async bucket(id: string): Promise<Bucket | null> {
    const b = await this.buckets.findOne({ _id: id });
    return b ? toBucket(b) : null;
  }

  async bucketsOfPeriod(periodKey: string): Promise<Bucket[]> {
    const docs = await this.buckets.find({ period: periodKey }).toArray();
    return docs.map(toBucket);
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
