import Redis from 'ioredis';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import type { MongoClient } from 'mongodb';
import { PROBE_TOPIC, RelayProbe } from './relay-probe';
import { reportingCount, slaClocks, verify, type Verdict } from './check';
import { sleep, type PrivateInfra } from './infra';
import { Load, type Filing } from './load';
import { until, type Enterprise } from './seed';
import { SLA_QUEUE_PREFIX, type FaultStack, type ServiceName } from './stack';
import { notifications } from './notifications';
import { replicas } from './replicas';

export interface Mode {
  name: 'smoke' | 'full';
  /** Filings per scenario and the rate they are sent at. */
  count: Record<ScenarioName, number>;
  ratePerSec: number;
  crashKills: ServiceName[];
  brokerOutageS: number;
  databaseDownS: number;
  /** How long the notifications scenario keeps the SMTP server (Mailpit) stopped. */
  mailOutageS: number;
  verifyTimeoutMs: number;
}

export const SCENARIOS = ['crash', 'broker', 'database', 'redis', 'poison', 'notifications', 'replicas', 'cluster'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const MODES: Record<Mode['name'], Mode> = {
  smoke: {
    name: 'smoke',
    count: { crash: 60, broker: 60, database: 40, redis: 30, poison: 10, notifications: 40, replicas: 40, cluster: 40 },
    ratePerSec: 2,
    crashKills: ['requests', 'assignment', 'sla', 'reporting'],
    brokerOutageS: 30,
    databaseDownS: 10,
    mailOutageS: 30,
    verifyTimeoutMs: 300_000,
  },
  full: {
    name: 'full',
    count: { crash: 600, broker: 300, database: 200, redis: 200, poison: 50, notifications: 200, replicas: 300, cluster: 300 },
    ratePerSec: 4,
    crashKills: ['requests', 'assignment', 'sla', 'reporting', 'accounts', 'identity', 'requests', 'assignment', 'sla', 'reporting'],
    brokerOutageS: 30,
    databaseDownS: 20,
    mailOutageS: 30,
    verifyTimeoutMs: 600_000,
  },
};

export interface Ctx {
  infra: PrivateInfra;
  stack: FaultStack;
  db: MongoClient;
  mode: Mode;
  city: string;
  enterprises: Enterprise[];
  log: (msg: string) => void;
}

export interface Outcome {
  verdict: Verdict;
  /** Figures of the fault itself, beside the end-to-end counts. */
  extra: { figure: string; value: number; unit: string; target?: string; met?: boolean }[];
  notes: string[];
  /** Anything wrong besides lost/duplicated filings (e.g. an unclean error, a missing DLQ entry). */
  failed: boolean;
}

const newLoad = (ctx: Ctx, scenario: ScenarioName, extra: Partial<ConstructorParameters<typeof Load>[1]> = {}) =>
  new Load(ctx.stack, { scenario, count: ctx.mode.count[scenario], ratePerSec: ctx.mode.ratePerSec, enterprises: ctx.enterprises, ...extra });

const zero = (figure: string, value: number, unit = 'filings') => ({ figure, value, unit, target: '= 0', met: value === 0 });

/** kill -9 each service in turn while filings arrive, start it again, then check every filing. */
async function crash(ctx: Ctx): Promise<Outcome> {
  const baseline = await reportingCount(ctx.stack, ctx.city);
  const kills = ctx.mode.crashKills;
  // A restart can take half a minute on a busy machine: the load runs on until every service
  // has been killed and restarted, with `gap` filings sent between two kills and after the last.
  const gap = Math.ceil(ctx.mode.count.crash / (kills.length + 1));
  const load = newLoad(ctx, 'crash', { count: Number.MAX_SAFE_INTEGER });
  const restartMs: number[] = [];
  for (const name of kills) {
    await load.sentAtLeast(load.sent + gap);
    ctx.log(`kill -9 ${name} (${load.sent} filings sent)`);
    await ctx.stack.services[name].kill();
    await sleep(1000);
    const t = Date.now();
    await ctx.stack.restart(name);
    restartMs.push(Date.now() - t);
  }
  await load.sentAtLeast(load.sent + gap);
  await load.stop();
  const verdict = await verify(ctx.stack, ctx.db, load.filings, ctx.city, baseline, ctx.mode.verifyTimeoutMs);
  return {
    verdict,
    extra: [
      { figure: 'services killed (kill -9)', value: kills.length, unit: 'kills' },
      { figure: 'slowest restart to ready', value: Math.max(...restartMs) / 1000, unit: 's' },
      zero('filings not accepted', verdict.sent - verdict.accepted),
    ],
    notes: [`killed in turn: ${kills.join(', ')}, ${gap} filings sent between kills; clients retried with the same Idempotency-Key while a service was down`],
    failed: verdict.sent !== verdict.accepted,
  };
}

const during = (f: Filing, from: number, to: number) => f.acceptedAt !== undefined && f.acceptedAt >= from && f.acceptedAt <= to;

/** Kafka stopped for 30 s mid-load: filings are still accepted (outbox) and all delivered after. */
async function broker(ctx: Ctx): Promise<Outcome> {
  const baseline = await reportingCount(ctx.stack, ctx.city);
  const load = newLoad(ctx, 'broker');
  await load.reached(0.25);
  ctx.log(`stopping Kafka for ${ctx.mode.brokerOutageS} s (${load.sent} filings sent)`);
  await ctx.infra.stop('kafka');
  const from = Date.now();
  await sleep(ctx.mode.brokerOutageS * 1000);
  const to = Date.now();
  await ctx.infra.up();
  ctx.log('Kafka is back');
  await load.done;
  const verdict = await verify(ctx.stack, ctx.db, load.filings, ctx.city, baseline, ctx.mode.verifyTimeoutMs);
  const failedWhileDown = load.filings.flatMap((f) => f.failures).filter((x) => x.at >= from && x.at <= to).length;
  const acceptedWhileDown = load.filings.filter((f) => during(f, from, to)).length;
  return {
    verdict,
    extra: [
      { figure: 'Kafka down', value: (to - from) / 1000, unit: 's' },
      { figure: 'filings accepted while Kafka was down', value: acceptedWhileDown, unit: 'filings', target: '> 0', met: acceptedWhileDown > 0 },
      zero('filing errors while Kafka was down', failedWhileDown, 'responses'),
    ],
    notes: ['Kafka stopped with SIGTERM and restarted by deploy/local/up; the services were not touched'],
    failed: acceptedWhileDown === 0 || failedWhileDown > 0,
  };
}

/** FerretDB and PostgreSQL restarted mid-load: 503 problem+json while down, nothing half-written. */
async function database(ctx: Ctx): Promise<Outcome> {
  const baseline = await reportingCount(ctx.stack, ctx.city);
  // Every other client gives up at its first failure: those filings must be absent or whole.
  const load = newLoad(ctx, 'database', { abandonOnFailure: (i) => i % 2 === 1 });
  await load.reached(0.3);
  ctx.log(`killing FerretDB and stopping PostgreSQL (immediate) for ${ctx.mode.databaseDownS} s (${load.sent} filings sent)`);
  await ctx.infra.stop('ferretdb', true);
  await ctx.infra.stop('postgres');
  await sleep(ctx.mode.databaseDownS * 1000);
  await ctx.infra.up();
  ctx.log('PostgreSQL and FerretDB are back');
  await load.done;
  const verdict = await verify(ctx.stack, ctx.db, load.filings, ctx.city, baseline, ctx.mode.verifyTimeoutMs);
  const failures = load.filings.flatMap((f) => f.failures);
  const clean = failures.filter((x) => x.status === 503 && x.problemJson).length;
  const unclean = failures.length - clean;
  const byStatus: Record<string, number> = {};
  for (const x of failures) {
    const k = x.problemJson ? String(x.status) : `${x.status} (not problem+json)`;
    byStatus[k] = (byStatus[k] ?? 0) + 1;
  }
  const abandonedWritten = load.filings.filter((f) => f.outcome === 'abandoned').length;
  return {
    verdict,
    extra: [
      { figure: 'responses 503 problem+json while down', value: clean, unit: 'responses', target: '> 0', met: clean > 0 },
      zero('other failures (5xx, timeouts, refused)', unclean, 'responses'),
      { figure: 'filings abandoned after a 503', value: abandonedWritten, unit: 'filings' },
    ],
    notes: [`failures by status: ${JSON.stringify(byStatus)} (0 = no response)`, 'abandoned filings are checked like the others: absent, or present once and whole'],
    failed: clean === 0 || unclean > 0,
  };
}

/** Redis wiped (FLUSHALL) with clocks open: every open clock's timer is back (reconciliation). */
async function redis(ctx: Ctx): Promise<Outcome> {
  const baseline = await reportingCount(ctx.stack, ctx.city);
  const load = newLoad(ctx, 'redis');
  await load.reached(0.5);
  const client = new Redis(ctx.infra.redisUrl, { maxRetriesPerRequest: 3 });
  /** Waits until every open clock of these requests has a job in the timer queue; returns how many still lack one. */
  const timersBack = async (requestIds: string[], timeoutMs: number) => {
    const clocks = await slaClocks(ctx.db, requestIds, { stoppedAt: null, nextDueAt: { $ne: null } });
    const t = Date.now();
    for (;;) {
      const queued = [...(await client.zrange(`${SLA_QUEUE_PREFIX}:sla-timers:delayed`, 0, -1)), ...(await client.lrange(`${SLA_QUEUE_PREFIX}:sla-timers:wait`, 0, -1))];
      const jobs = new Set(queued.map((id) => id.split('|').slice(0, 3).join('|')));
      const missing = clocks.filter((c) => !jobs.has(`${String(c.requestId)}|${String(c.cycle)}|${String(c.kind)}`)).length;
      if (missing === 0 || Date.now() - t > timeoutMs) return { clocks: clocks.length, missing };
      await sleep(250);
    }
  };
  try {
    const before = await client.zcard(`${SLA_QUEUE_PREFIX}:sla-timers:delayed`);
    // Wipe only once the clocks of the filings so far exist: those are the timers under test.
    const openBefore = load.filings.flatMap((f) => (f.requestId ? [f.requestId] : []));
    await until('the clocks of the first filings', async () => (await slaClocks(ctx.db, openBefore)).length >= openBefore.length * 2, 120_000);
    ctx.log(`FLUSHALL (${before} delayed timers, ${load.sent} filings sent)`);
    await client.flushall();
    const wipedAt = Date.now();
    const early = await timersBack(openBefore, 60_000);
    const backAfterS = (Date.now() - wipedAt) / 1000;
    await load.done;
    const verdict = await verify(ctx.stack, ctx.db, load.filings, ctx.city, baseline, ctx.mode.verifyTimeoutMs);
    const all = await timersBack(load.filings.flatMap((f) => (f.requestId ? [f.requestId] : [])), 60_000);
    return {
      verdict,
      extra: [
        { figure: 'delayed timers wiped (all clocks)', value: before, unit: 'jobs' },
        { figure: 'open clocks of the scenario at the wipe', value: early.clocks, unit: 'clocks' },
        { figure: 'their timers back after', value: backAfterS, unit: 's' },
        zero('open clocks without a timer (all filings, at the end)', all.missing, 'clocks'),
      ],
      notes: [`sla runs with RECONCILE_INTERVAL_MS=3000; a timer counts when the BullMQ queue holds a job for the clock (delayed or waiting); ${all.clocks} open clocks checked at the end`],
      failed: early.missing > 0 || all.missing > 0 || early.clocks === 0,
    };
  } finally {
    client.disconnect();
  }
}

/** A malformed message on every consumed topic lands in <topic>.dlq once per consuming group; filings after it still flow. */
async function poison(ctx: Ctx): Promise<Outcome> {
  const kafka = new Kafka({ clientId: 'fault-poison', brokers: ctx.stack.brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const consumed = new Map<string, Set<string>>();
  try {
    const { groups } = await admin.describeGroups(['requests', 'assignment', 'sla', 'reporting'].map((g) => ctx.stack.group(g)));
    for (const g of groups)
      for (const m of g.members) {
        const a = AssignerProtocol.MemberAssignment.decode(m.memberAssignment);
        for (const topic of Object.keys(a?.assignment ?? {})) consumed.set(topic, (consumed.get(topic) ?? new Set()).add(g.groupId));
      }
  } finally {
    await admin.disconnect();
  }
  const run = Date.now().toString(36);
  const poisons = (topic: string) => [
    { key: `fault-poison-${run}-${topic}-text`, value: 'this is not JSON {' },
    { key: `fault-poison-${run}-${topic}-shape`, value: JSON.stringify({ hello: 'not a CloudEvent' }) },
  ];
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  for (const topic of consumed.keys()) await producer.send({ topic, acks: -1, messages: poisons(topic) });
  await producer.disconnect();
  ctx.log(`poisoned ${consumed.size} topics: ${[...consumed.keys()].join(', ')}`);

  const baseline = await reportingCount(ctx.stack, ctx.city);
  const load = newLoad(ctx, 'poison');
  await load.done;
  const verdict = await verify(ctx.stack, ctx.db, load.filings, ctx.city, baseline, ctx.mode.verifyTimeoutMs);

  const expected = new Set([...consumed].flatMap(([topic, groups]) => poisons(topic).flatMap((p) => [...groups].map((g) => `${topic}|${p.key}|${g}`))));
  const found = new Set<string>();
  const consumer = kafka.consumer({ groupId: `fault-dlq-${run}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [...consumed.keys()].map((t) => `${t}.dlq`), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const key = message.key?.toString() ?? '';
      if (!key.startsWith(`fault-poison-${run}-`)) return;
      found.add(`${String(message.headers?.['dlq-topic'])}|${key}|${String(message.headers?.['dlq-group'])}`);
    },
  });
  const t0 = Date.now();
  while ([...expected].some((e) => !found.has(e)) && Date.now() - t0 < 60_000) await sleep(500);
  await consumer.disconnect();
  const missing = [...expected].filter((e) => !found.has(e));
  return {
    verdict,
    extra: [
      { figure: 'topics poisoned', value: consumed.size, unit: 'topics' },
      { figure: 'dead letters expected (message × group)', value: expected.size, unit: 'messages' },
      zero('dead letters missing', missing.length, 'messages'),
    ],
    notes: [
      `consumed topics and groups: ${[...consumed].map(([t, g]) => `${t} [${[...g].join(' ')}]`).join('; ')}`,
      ...(missing.length ? [`missing: ${missing.slice(0, 10).join(', ')}`] : []),
      'two poison messages per topic (not JSON; JSON that is not an event), then the filings of the scenario',
    ],
    failed: missing.length > 0 || consumed.size === 0,
  };
}

/** Three KRaft brokers, RF 3, min.insync.replicas 2: kill -9 one broker mid-load, nothing lost. */
async function cluster(ctx: Ctx): Promise<Outcome> {
  ctx.log('starting the 3-broker cluster and moving the services onto it');
  await ctx.infra.clusterUp();
  await ctx.stack.moveTo(ctx.infra.clusterBrokers);
  const baseline = await reportingCount(ctx.stack, ctx.city);
  const probe = new RelayProbe(ctx.infra.clusterBrokers, ctx.infra.mongoUrl, 50);
  await probe.start();
  const load = newLoad(ctx, 'cluster');
  await load.reached(0.3);
  ctx.log(`kill -9 broker 2 (${load.sent} filings sent)`);
  await ctx.infra.clusterBroker('stop', 2);
  const from = Date.now();
  await load.done;
  const verdict = await verify(ctx.stack, ctx.db, load.filings, ctx.city, baseline, ctx.mode.verifyTimeoutMs);
  const failedAfter = load.filings.flatMap((f) => f.failures).filter((x) => x.at >= from).length;
  const relay = await probe.finish(ctx.mode.verifyTimeoutMs);
  return {
    verdict,
    extra: [
      zero('filing errors after the broker died', failedAfter, 'responses'),
      { figure: 'relay probe: events written', value: relay.written, unit: 'events' },
      zero('relay probe: events not on Kafka', relay.lost, 'events'),
      zero('relay probe: events left in outboxes', relay.leftInOutbox, 'events'),
      { figure: 'relay probe: events on Kafka twice or more', value: relay.repeated, unit: 'events' },
    ],
    notes: [
      'broker 2 stays down until the end of the run; topics replication factor 3, min.insync.replicas 2, producers acks=all',
      `relay probe: an outbox relay alone, one-event documents written ten at a time (up to 50/s) over ${PROBE_TOPIC} (6 partitions), each send spanning brokers; repeats are resent batches, which consumers deduplicate`,
    ],
    failed: verdict.sent !== verdict.accepted || relay.lost > 0 || relay.leftInOutbox > 0,
  };
}

export const RUN: Record<ScenarioName, (ctx: Ctx) => Promise<Outcome>> = { crash, broker, database, redis, poison, notifications, replicas, cluster };
