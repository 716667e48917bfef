import { Schema, type Connection, type Model } from 'mongoose';
import { infra, testLogger, uniq } from '@metrodesk/testkit';
import { VersionConflictError, NotFoundError } from '@metrodesk/errors';
import { connectMongo, mongoCommandCounts, mongoReady, updateVersioned, isDuplicateKey, nextInSequence, upsertNewer, EventCopies, KeyedInserts, type CopyDoc } from '../src';

let conn: Connection;
interface Doc { _id: string; name: string; version: number; code: string }

beforeAll(async () => {
  conn = await connectMongo({ url: infra.mongoUrl, compat: infra.mongoCompat, dbName: 'metrodesk_mongo_test', logger: testLogger() });
});
afterAll(() => conn.close());

const thingSchema = new Schema<Doc>({ _id: String, name: String, version: { type: Number, default: 1 }, code: { type: String, unique: true } });
const model = () => (conn.models.Thing as Model<Doc> | undefined) ?? conn.model<Doc>('Thing', thingSchema);

describe('mongo helpers', () => {
  it('is ready when the server answers, and not after the connection closes', async () => {
    expect(await mongoReady(conn)).toBe(true);
    const other = await connectMongo({ url: infra.mongoUrl, compat: infra.mongoCompat, dbName: 'metrodesk_mongo_test', logger: testLogger() });
    await other.close();
    expect(await mongoReady(other)).toBe(false);
  });

  it('applies a versioned update once and rejects the stale one', async () => {
    const Thing = model();
    await Thing.init();
    const id = uniq('thing');
    await Thing.create({ _id: id, name: 'a', version: 1, code: id });
    const updated = await updateVersioned(Thing, 'thing', id, 1, { $set: { name: 'b' } });
    expect(updated).toMatchObject({ name: 'b', version: 2 });
    const stale = updateVersioned(Thing, 'thing', id, 1, { $set: { name: 'c' } });
    await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
    await expect(stale).rejects.toMatchObject({ extra: { currentVersion: 2, expectedVersion: 1 } });
    await expect(updateVersioned(Thing, 'thing', uniq('missing'), 1, { $set: { name: 'x' } })).rejects.toBeInstanceOf(NotFoundError);
    expect((await Thing.findById(id).lean())?.name).toBe('b');
  });

  it('keeps the newest copy of a projection whatever order the versions come in, through a model or a collection', async () => {
    const copies = conn.collection<{ _id: string; name: string; version: number }>(uniq('copies'));
    const Thing = model();
    await Thing.init();
    for (const target of [Thing, copies]) {
      const id = uniq('copy');
      expect(await upsertNewer(target, id, { name: 'v2', version: 2, code: id })).toBe(true);
      expect(await upsertNewer(target, id, { name: 'v1', version: 1, code: id })).toBe(false);
      expect(await upsertNewer(target, id, { name: 'v2 again', version: 2, code: id })).toBe(false);
      expect(await upsertNewer(target, id, { name: 'v3', version: 3, code: id })).toBe(true);
      const name = target === copies ? copies.collectionName : Thing.collection.collectionName;
      expect(await conn.db!.collection(name).findOne({ _id: id as never })).toMatchObject({ name: 'v3', version: 3 });
    }
  });

  it('keeps event copies under the aggregate id, newest version only, and reads them back in the service\'s own names', async () => {
    interface Shop { shopId: string; name: string; version: number }
    class Shops extends EventCopies<Shop, 'shopId'> {
      constructor(c: Connection) {
        super(c, 'ShopCopy', new Schema<CopyDoc<Shop, 'shopId'>>({ _id: String, name: String, version: Number }, { collection: 'shop_copies', versionKey: false }), 'shopId');
      }
      find(id: string) {
        return this.byId(id);
      }
    }
    const shops = new Shops(conn);
    await shops.init();
    const shopId = uniq('shop');
    expect(await shops.upsertNewer({ shopId, name: 'v2', version: 2 })).toBe(true);
    expect(await shops.upsertNewer({ shopId, name: 'v1', version: 1 })).toBe(false);
    expect(await new Shops(conn).find(shopId)).toEqual({ shopId, name: 'v2', version: 2 });
    expect(await shops.find(uniq('none'))).toBeNull();
    expect(await conn.db!.collection('shop_copies').findOne({ _id: shopId as never })).toEqual({ _id: shopId, name: 'v2', version: 2 });
  });

  it('hands out each number of a series once, to racing first callers too', async () => {
    const series = uniq('series');
    const got = await Promise.all(Array.from({ length: 12 }, () => nextInSequence(conn, 'test_sequences', series)));
    expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await nextInSequence(conn, 'test_sequences', uniq('other'))).toBe(1);
    expect(await nextInSequence(conn, 'test_sequences', series)).toBe(13);
  });

  it('recognises a duplicate key', async () => {
    const Thing = model();
    await Thing.init();
    const code = uniq('code');
    await Thing.create({ _id: uniq('a'), name: 'a', code });
    const err = await Thing.create({ _id: uniq('b'), name: 'b', code }).catch((e: unknown) => e);
    expect(isDuplicateKey(err)).toBe(true);
  });

  it('counts the commands the connection sends, by name', async () => {
    const col = conn.collection<{ _id: string; n: number }>('counted');
    const before = new Map(mongoCommandCounts(conn));
    const id = uniq('c');
    await col.insertOne({ _id: id, n: 1 });
    await col.updateOne({ _id: id }, { $inc: { n: 1 } });
    await col.findOne({ _id: id });
    await col.findOne({ _id: id });
    const delta = (name: string) => (mongoCommandCounts(conn).get(name) ?? 0) - (before.get(name) ?? 0);
    expect([delta('insert'), delta('update'), delta('find')]).toEqual([1, 1, 2]);
  });

  it('stores keyed inserts asked for together in fewer round trips, and tells each caller whether its document is the one stored', async () => {
    const col = conn.collection<{ _id: string; by: string }>(uniq('keyed'));
    const inserts = new KeyedInserts(col);
    const taken = uniq('taken');
    await col.insertOne({ _id: taken, by: 'before' });
    const ids = Array.from({ length: 20 }, () => uniq('k'));
    const before = mongoCommandCounts(conn).get('insert') ?? 0;
    // Each new key once, the taken key, and one new key asked for twice at once.
    const asks = [...ids.map((id) => ({ id, by: 'one' })), { id: taken, by: 'again' }, { id: ids[3]!, by: 'twice' }];
    const got = await Promise.all(asks.map((a) => inserts.insert(a.id, { by: a.by })));
    expect(got).toEqual([...ids.map(() => true), false, false]);
    expect((mongoCommandCounts(conn).get('insert') ?? 0) - before).toBeLessThan(asks.length);
    const stored = await col.find({}).sort({ _id: 1 }).toArray();
    expect(stored).toEqual([...ids.map((id) => ({ _id: id, by: 'one' })), { _id: taken, by: 'before' }].sort((a, b) => (a._id < b._id ? -1 : 1)));
    expect(await inserts.insert(ids[0]!, { by: 'later' })).toBe(false);
  });
});
