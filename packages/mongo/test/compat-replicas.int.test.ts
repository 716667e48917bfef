import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { infra, testLogger, uniq } from '@metrodesk/testkit';
import { connectMongo, SharedWriteLocks } from '../src';

// Two processes, as two replicas of a service: with MONGO_COMPAT_LOCK_URL every write of one
// document is serialised across them, not only within each (docs/decisions/0010). Without it
// FerretDB v1 loses concurrent updates between processes (0004).
const DB = 'metrodesk_mongo_test';
let conn: Connection;
beforeAll(async () => {
  conn = await connectMongo({ url: infra.mongoUrl, compat: infra.mongoCompat, dbName: DB, logger: testLogger() });
});
afterAll(() => conn.close());

type Reply = { ready?: boolean; shared?: boolean; done?: boolean; claimed?: number; inserted?: boolean; updated?: boolean; error?: string };

function writer(lockUrl: string | undefined, fixture = 'writer-process.ts'): { child: ChildProcess; next: () => Promise<Reply> } {
  const env = { ...process.env, MONGO_COMPAT_LOCK_URL: lockUrl ?? '' };
  const child = fork(join(__dirname, 'fixtures', fixture), [], { env, execArgv: ['-r', require.resolve('@swc-node/register')], stdio: 'inherit' });
  const replies: Reply[] = [];
  const waiting: ((r: Reply) => void)[] = [];
  child.on('message', (m: Reply) => (waiting.shift() ?? ((r: Reply) => replies.push(r)))(m));
  child.on('exit', (code) => code !== 0 && waiting.splice(0).forEach((w) => w({ error: `writer exited with ${code}` })));
  return { child, next: () => (replies.length ? Promise.resolve(replies.shift()!) : new Promise((r) => waiting.push(r))) };
}

async function race(lockUrl: string | undefined, incs: number, claims: number) {
  const collection = 'replica_races';
  const col = conn.collection<{ _id: string; n: number; v: number; group: string }>(collection);
  const id = uniq('doc');
  const group = uniq('g');
  await col.insertOne({ _id: id, n: 0, v: 1, group });
  const writers = [writer(lockUrl), writer(lockUrl)];
  for (const w of writers) w.child.send({ url: infra.mongoUrl, dbName: DB, collection, id, incs, claims, group });
  const ready = await Promise.all(writers.map((w) => w.next()));
  for (const r of ready) if (r.error) throw new Error(r.error);
  for (const w of writers) w.child.send('go');
  const done = await Promise.all(writers.map((w) => w.next()));
  for (const r of done) if (r.error) throw new Error(r.error);
  const doc = await col.findOne({ _id: id });
  return { shared: ready.map((r) => r.shared), n: doc?.n, claimed: done.reduce((s, r) => s + (r.claimed ?? 0), 0) };
}

describe('write serialisation across processes (MONGO_COMPAT_LOCK_URL)', () => {
  it('applies every concurrent update of one document from two processes, and lets one version-guarded claim win', async () => {
    // 100 $inc and 10 updateMany of 1 from each process; 20 claims of version 1 each.
    const r = await race(infra.redisUrl, 100, 20);
    expect(r.shared).toEqual([true, true]);
    expect(r.n).toBe(2 * 100 + 2 * 5);
    expect(r.claimed).toBe(1);
  }, 120_000);

  it('lets inserts through while another process holds the collection, and holds the update back until it lets go', async () => {
    const collection = uniq('replica_inserts');
    const col = conn.collection<{ _id: string; n: number }>(collection);
    const updateId = uniq('doc');
    await col.insertOne({ _id: updateId, n: 0 });
    const other = SharedWriteLocks.connect(infra.redisUrl);
    const release = await other.all(`${DB}.${collection}`);
    const w = writer(infra.redisUrl, 'insert-process.ts');
    try {
      w.child.send({ url: infra.mongoUrl, dbName: DB, collection, ids: Array.from({ length: 5 }, () => uniq('ins')), updateId });
      expect(await w.next()).toEqual({ ready: true, shared: true });
      w.child.send('go');
      // An insert reads nothing first: it needs no lock, and goes while the collection is held.
      expect(await w.next()).toEqual({ inserted: true });
      expect((await col.findOne({ _id: updateId }))?.n).toBe(0);
    } finally {
      await release();
    }
    expect(await w.next()).toEqual({ updated: true });
    expect((await col.findOne({ _id: updateId }))?.n).toBe(1);
    expect(await col.countDocuments({})).toBe(7);
    await other.close();
  }, 120_000);
});
