/**
 * What one database command of each shape the pipeline sends costs the local MongoDB-wire
 * server (issue #25: "report the per-call cost on the local server"): FerretDB's and
 * PostgreSQL's CPU (from /proc) and this process's (the driver's side) per command, for the
 * shapes the services use — a keyed insert, several keyed documents in one insert, a find by
 * _id, an update by _id, a compare-and-set by _id and revision, a versioned findOneAndUpdate
 * and an upsert by _id. Each shape runs COMMANDS commands from CONCURRENCY callers at a time
 * on a collection already holding PRELOAD documents of about DOC_BYTES, so the figures can be
 * multiplied by propagation's commands a filing by name.
 *
 *   node bench/dist/database-costs.js   DBCOST_COMMANDS=2000 DBCOST_CONCURRENCY=8 DBCOST_DOC_BYTES=3000 DBCOST_PRELOAD=20000
 *
 * Run it on an otherwise idle machine: any other work on the servers is counted as theirs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { MongoClient, type Collection } from 'mongodb';
import { report, type Figure } from '@metrodesk/benchkit';
import { infra } from '@metrodesk/testkit';
import { cpuSnapshot, cpuUsed, SERVER_COMMANDS, pidsMatching, type CpuGroup } from './cpu';
import { num } from './env';

const COMMANDS = num('DBCOST_COMMANDS', 2000);
const CONCURRENCY = num('DBCOST_CONCURRENCY', 8);
const DOC_BYTES = num('DBCOST_DOC_BYTES', 3000);
const PRELOAD = num('DBCOST_PRELOAD', 20000);
const MANY = 8;

interface Doc {
  _id: string;
  rev: number;
  version: number;
  cityCode: string;
  state: string;
  body: string;
  updatedAt: Date;
}

const doc = (id: string): Doc => ({ _id: id, rev: 1, version: 1, cityCode: '210100', state: 'filed', body: randomBytes(Math.ceil(DOC_BYTES / 2)).toString('hex'), updatedAt: new Date() });

const DATABASE_GROUPS: CpuGroup[] = (['FerretDB', 'PostgreSQL'] as const).map((name) => ({ name, pids: () => pidsMatching(SERVER_COMMANDS[name]) }));

/** Runs `n` calls of `one(i)` with `CONCURRENCY` in flight. */
async function inTurns(n: number, one: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < n; i = next++) await one(i);
    }),
  );
}

interface Shape {
  name: string;
  /** Commands sent; documents written may be more (the batched insert). */
  commands: number;
  run: (col: Collection<Doc>, ids: string[]) => Promise<void>;
}

const pick = (ids: string[], i: number) => ids[(i * 7919) % ids.length]!;

const SHAPES: Shape[] = [
  { name: 'insert, one keyed document', commands: COMMANDS, run: (col) => inTurns(COMMANDS, () => col.insertOne(doc(randomUUID()))) },
  {
    name: `insert, ${MANY} keyed documents in one command`,
    commands: Math.ceil(COMMANDS / MANY),
    run: (col) => inTurns(Math.ceil(COMMANDS / MANY), () => col.insertMany(Array.from({ length: MANY }, () => doc(randomUUID())), { ordered: false })),
  },
  { name: 'find one by _id', commands: COMMANDS, run: (col, ids) => inTurns(COMMANDS, (i) => col.findOne({ _id: pick(ids, i) })) },
  { name: 'update one by _id ($set)', commands: COMMANDS, run: (col, ids) => inTurns(COMMANDS, (i) => col.updateOne({ _id: pick(ids, i) }, { $set: { state: `s${i}`, updatedAt: new Date() } })) },
  {
    name: 'compare-and-set by _id and revision (update)',
    commands: COMMANDS,
    // Each document's revision is known (1, then one more each time round the list), so every write matches: the cost of a write, not of a miss.
    run: (col, ids) => inTurns(COMMANDS, (i) => col.updateOne({ _id: ids[i % ids.length]!, rev: 1 + Math.floor(i / ids.length) }, { $set: { state: `c${i}` }, $inc: { rev: 1 } })),
  },
  {
    name: 'versioned findOneAndUpdate by _id',
    commands: COMMANDS,
    run: (col, ids) => inTurns(COMMANDS, (i) => col.findOneAndUpdate({ _id: pick(ids, i) }, { $set: { state: `v${i}` }, $inc: { version: 1 } }, { returnDocument: 'after' })),
  },
  {
    name: 'upsert by _id (a small document)',
    commands: COMMANDS,
    run: (col) => inTurns(COMMANDS, (i) => col.updateOne({ _id: `u${i % (COMMANDS / 2)}` } as never, { $set: { f: `{"n":${i}}`, dead: false } }, { upsert: true })),
  },
];

async function main() {
  const url = infra.mongoUrl;
  const client = await new MongoClient(url, { maxPoolSize: CONCURRENCY, retryWrites: false }).connect();
  const db = client.db(`metrodesk_bench_dbcost_${Date.now().toString(36)}`);
  const started = performance.now();
  const figures: Figure[] = [];
  const notes: string[] = [];
  try {
    for (const shape of SHAPES) {
      const col = db.collection<Doc>(`c_${SHAPES.indexOf(shape)}`);
      const ids = Array.from({ length: PRELOAD }, () => randomUUID());
      for (let k = 0; k < ids.length; k += 500) await col.insertMany(ids.slice(k, k + 500).map(doc), { ordered: false });
      const load = loadavg()[0]!;
      const before = cpuSnapshot(DATABASE_GROUPS);
      const client0 = process.cpuUsage();
      const t0 = performance.now();
      await shape.run(col, ids);
      const seconds = (performance.now() - t0) / 1000;
      const clientCpu = process.cpuUsage(client0);
      const used = cpuUsed(before, cpuSnapshot(DATABASE_GROUPS));
      const server = used.reduce((a, u) => a + u.seconds, 0);
      const per = (s: number) => (s * 1000) / shape.commands;
      figures.push({ figure: `${shape.name}: FerretDB + PostgreSQL CPU a command`, value: per(server), unit: 'ms' });
      figures.push({ figure: `${shape.name}: driver CPU a command (this process)`, value: per((clientCpu.user + clientCpu.system) / 1e6), unit: 'ms' });
      figures.push({ figure: `${shape.name}: commands a second`, value: shape.commands / seconds, unit: '/s' });
      notes.push(`${shape.name}: ${used.map((u) => `${u.name} ${per(u.seconds).toFixed(2)} ms`).join(', ')} a command; load average before ${load.toFixed(2)}`);
      await col.drop();
    }
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
  report({
    name: 'database-costs',
    load: `${COMMANDS} commands a shape (${MANY} documents each in the batched insert), ${CONCURRENCY} at a time, on a collection of ${PRELOAD} documents of about ${DOC_BYTES} bytes, against ${url.replace(/\/\/[^@]*@/, '//')}`,
    durationS: (performance.now() - started) / 1000,
    figures,
    notes: [
      ...notes,
      'the server side is FerretDB and PostgreSQL (every process of both) over each shape; anything else they did meanwhile is counted too',
      "multiply by propagation's commands a filing by name for the database's CPU a filing",
    ],
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
