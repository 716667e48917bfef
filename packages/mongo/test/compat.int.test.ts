import type { Connection } from 'mongoose';
import { infra, testLogger, uniq } from '@metrodesk/testkit';
import { connectMongo, writeSerializationInstalled } from '../src';

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
