import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { infra, testLogger, uniq } from '@metrodesk/testkit';
import { connectMongo, FERRETDB_V1_POOL_SIZE, writeSerializationInstalled } from '../src';

// MONGO_COMPAT=ferretdb-v1 (the local server's setting): every concurrent write to one
// document applies. docs/decisions/0004 has what FerretDB v1 does without it.
let conn: Connection;
beforeAll(async () => {
  conn = await connectMongo({ url: infra.mongoUrl, compat: infra.mongoCompat, dbName: 'metrodesk_mongo_test', logger: testLogger() });
});
afterAll(() => conn.close());

describe('write serialisation (MONGO_COMPAT=ferretdb-v1)', () => {
  it('is installed when the connection asks for ferretdb-v1', () => {
    expect(infra.mongoCompat).toBe('ferretdb-v1');
    expect(writeSerializationInstalled()).toBe(true);
  });

  it('applies every one of many concurrent updates to one document', async () => {
    const col = conn.collection<{ _id: string; n: number; arr: number[]; v: number }>('races');
    const id = uniq('race');
    await col.insertOne({ _id: id, n: 0, arr: [], v: 1 });
    await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? col.updateOne({ _id: id }, { $inc: { n: 1 } }) : col.findOneAndUpdate({ _id: id }, { $inc: { n: 1 } }))));
    await Promise.all(Array.from({ length: 30 }, (_, i) => col.updateOne({ _id: id }, { $push: { arr: i } })));
    let wins = 0;
    await Promise.all(Array.from({ length: 20 }, async () => ((await col.findOneAndUpdate({ _id: id, v: 1 }, { $set: { v: 2 } })) ? (wins += 1) : 0)));
    const doc = await col.findOne({ _id: id });
    expect(doc?.n).toBe(100);
    expect(doc?.arr).toHaveLength(30);
    expect(wins).toBe(1);
  });

  it('orders collection-wide writes against per-document ones', async () => {
    const col = conn.collection<{ _id: string; group: string; n: number }>('races');
    const group = uniq('g');
    const ids = Array.from({ length: 5 }, () => uniq('d'));
    await col.insertMany(ids.map((_id) => ({ _id, group, n: 0 })));
    await Promise.all([
      ...ids.flatMap((id) => Array.from({ length: 10 }, () => col.updateOne({ _id: id }, { $inc: { n: 1 } }))),
      ...Array.from({ length: 10 }, () => col.updateMany({ group }, { $inc: { n: 1 } })),
    ]);
    const docs = await col.find({ group }).toArray();
    expect(docs.map((d) => d.n)).toEqual([20, 20, 20, 20, 20]);
  });
});

// FerretDB v1 filters `_jsonb->'field' @> value`, which its btree indexes cannot serve;
// deploy/local/ferretdb-gin.sql gives each a GIN partner. A collection filled faster than
// autovacuum visits it must still be read through that partner, not scanned whole.
describe('look-ups by _id on the local server use an index while a collection fills', () => {
  it('plans a find by _id among 5,000 freshly inserted documents as an index scan', async () => {
    const col = conn.collection<{ _id: string; body: string }>(uniq('filling'));
    // 3 KB that do not compress, so PostgreSQL keeps each document out of line, as it does a request's.
    const ids = Array.from({ length: 5000 }, (_, i) => `${uniq('d')}-${i}`);
    for (let k = 0; k < ids.length; k += 500) await col.insertMany(ids.slice(k, k + 500).map((_id) => ({ _id, body: randomBytes(1500).toString('hex') })));
    const explained = await conn.db!.command({ explain: { find: col.collectionName, filter: { _id: ids[4321] } } });
    const nodeTypes = (plan: { 'Node Type'?: string; Plans?: unknown[] }): string[] => [plan['Node Type'] ?? '', ...(plan.Plans ?? []).flatMap((p) => nodeTypes(p as typeof plan))];
    expect(nodeTypes(explained.queryPlanner.Plan)).toContain('Bitmap Index Scan');
    await col.drop();
  });
});

// FerretDB v1 deadlocks for good once as many updates run at once as its PostgreSQL pool
// has connections (docs/decisions/0013). Its default pool of 50 fell to three services
// writing at full tilt during the demo's seed; deploy/local/up sizes the pool for the
// connections this package lets every process open.
describe('the server stays live under every process writing at once (MONGO_COMPAT=ferretdb-v1)', () => {
  // Two whole stacks (ten services each, e.g. the demo beside a bench) and replicas of four.
  const PROCESSES = 24;
  const conns: Connection[] = [];
  afterAll(async () => {
    await conns[0]?.dropDatabase();
    await Promise.all(conns.map((c) => c.close()));
  });

  it('answers every update when each process fills its pool with them', async () => {
    for (let i = 0; i < PROCESSES; i++) {
      conns.push(await connectMongo({ url: infra.mongoUrl, compat: infra.mongoCompat, dbName: 'metrodesk_mongo_pool_test', logger: testLogger() }));
    }
    // Distinct documents, so the per-document serialisation holds nothing back: every
    // connection of every pool carries an update.
    const perProcess = 3 * FERRETDB_V1_POOL_SIZE;
    const col = (c: Connection) => c.collection<{ _id: string; n: number }>('pool');
    const run = uniq('pool');
    const ids = conns.map((_, p) => Array.from({ length: perProcess }, (_, j) => `${run}-p${p}-d${j}`));
    await col(conns[0]!).insertMany(ids.flat().map((_id) => ({ _id, n: 0 })));
    const rounds = 3;
    for (let r = 0; r < rounds; r++) {
      await Promise.all(conns.flatMap((c, p) => ids[p]!.map((_id) => col(c).updateOne({ _id }, { $inc: { n: 1 } }))));
    }
    const counts = await col(conns[0]!).aggregate<{ _id: number; docs: number }>([{ $match: { _id: { $in: ids.flat() } } }, { $group: { _id: '$n', docs: { $sum: 1 } } }]).toArray();
    expect(counts).toEqual([{ _id: rounds, docs: PROCESSES * perProcess }]);
    expect(conns.every((c) => c.getClient().options.maxPoolSize === FERRETDB_V1_POOL_SIZE)).toBe(true);
  }, 120_000);
});
