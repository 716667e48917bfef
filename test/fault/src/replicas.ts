import { join } from 'node:path';
import { freePort, ServiceProcess } from '@metrodesk/testkit';
import { reportingCount, verify } from './check';
import { sleep } from './infra';
import { Load, type Filing } from './load';
import { enterpriseUsers, mailFigures, notificationsProcess, receivedMails } from './notifications';
import type { Ctx, Outcome } from './scenarios';
import { until } from './seed';
import { ADMIN } from './stack';
import { readTopic } from './topic';

/** The services that run as two replicas here; reporting stays a single writer (issue #24). */
const REPLICATED = ['requests', 'assignment', 'sla', 'notifications'] as const;
type Replicated = (typeof REPLICATED)[number];

/** The topics whose events the scenario's filings cause (before the stack's namespace). */
const TOPICS = ['requests.request.v1', 'assignment.assignment.v1', 'sla.clock.v1'];

/** A response target this short fires every mark of a filing's response clock while the replicas are being killed. */
const RESPONSE_S = 60;
const WARN_AT = 50;
/** What each filing's response clock must fire once each: the warning, the breach, the two escalations. */
const MARKS = [`sla.clock.warning|${WARN_AT}|`, 'sla.clock.breached||', 'sla.clock.escalated|100|city', 'sla.clock.escalated|150|province'];

interface Envelope {
  id: string;
  type: string;
  subject: string;
  data?: Record<string, unknown>;
}

/**
 * What makes two events the same fact, whatever their ids: the type, the request, and the
 * fields that tell apart the facts of one request (its version for request events, the
 * assignment, the clock's cycle, kind, threshold and escalation level).
 */
function factKey(e: Envelope): string {
  const d = e.data ?? {};
  return [e.type, String(d.requestId ?? e.subject), ...['version', 'assignmentId', 'cycle', 'clock', 'threshold', 'level'].map((f) => String(d[f] ?? ''))].join('|');
}

/** Marks are of the response clock of cycle 1: `<type>|<threshold>|<level>`. */
const markOf = (e: Envelope) => (e.data?.clock === 'response' && e.data.cycle === 1 ? `${e.type}|${String(e.data.threshold ?? '')}|${String(e.data.level ?? '')}` : undefined);

interface Published {
  /** Facts of the scenario's requests published under two or more event ids. */
  underTwoIds: string[];
  /** Events of the scenario's requests on Kafka more than once with one id (a resend: consumers deduplicate). */
  resent: number;
  events: number;
  /** Marks of each request's response clock: mark -> distinct event ids. */
  marks: Map<string, Map<string, Set<string>>>;
  unread: string[];
}

async function published(brokers: string, topicName: (t: string) => string, requestIds: Set<string>): Promise<Published> {
  const facts = new Map<string, Set<string>>();
  const seenIds = new Set<string>();
  const marks = new Map<string, Map<string, Set<string>>>();
  let resent = 0;
  let events = 0;
  const unread: string[] = [];
  for (const topic of TOPICS.map(topicName)) {
    const left = await readTopic(brokers, topic, (message) => {
      let e: Envelope;
      try {
        e = JSON.parse(message.value?.toString('utf8') ?? '') as Envelope;
      } catch {
        return;
      }
      const requestId = String(e.data?.requestId ?? e.subject);
      if (!requestIds.has(requestId)) return;
      events += 1;
      if (seenIds.has(e.id)) resent += 1;
      seenIds.add(e.id);
      const key = factKey(e);
      facts.set(key, (facts.get(key) ?? new Set()).add(e.id));
      const mark = markOf(e);
      if (mark) {
        const byMark = marks.get(requestId) ?? new Map<string, Set<string>>();
        byMark.set(mark, (byMark.get(mark) ?? new Set()).add(e.id));
        marks.set(requestId, byMark);
      }
    });
    if (left.length > 0) unread.push(`${topic} partitions ${left.join(',')}`);
  }
  return { underTwoIds: [...facts].filter(([, ids]) => ids.size > 1).map(([k, ids]) => `${k} (${ids.size} ids)`), resent, events, marks, unread };
}

/** A response target of RESPONSE_S for the filings of this scenario (category other, priority urgent; the others file normal). */
async function fastResponsePolicy(ctx: Ctx): Promise<void> {
  const path = '/policies/other/urgent';
  const history = await ctx.stack.call<{ items: { version: number }[] }>('sla', 'GET', path, undefined, ADMIN);
  const expectedVersion = history.status === 200 ? (history.body.items.at(-1)?.version ?? 0) : 0;
  const r = await ctx.stack.call('sla', 'PUT', path, { responseHours: RESPONSE_S / 3600, resolutionWorkingDays: 5, warnAt: [WARN_AT], expectedVersion }, ADMIN);
  if (r.status !== 200) throw new Error(`policy not saved: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
}

/** How many requests the withdrawal race takes, and how many withdrawals of each run at once. */
const RACED = 10;
const RACERS = 8;

/**
 * Concurrent withdrawals of one request at one version, half through each requests replica: a
 * version-guarded write, so exactly one may win (the others 409). Two replicas racing without a
 * shared write lock can both win on FerretDB v1 and publish the same version twice.
 */
async function withdrawalRace(ctx: Ctx, replicas: ServiceProcess[]): Promise<{ ids: string[]; wins: number[] }> {
  const ids: string[] = [];
  const wins: number[] = [];
  const run = Date.now().toString(36);
  for (let i = 0; i < RACED; i++) {
    const e = ctx.enterprises[i % ctx.enterprises.length]!;
    const identity = { userId: `fault-ent-${e.id}`, role: 'enterprise' as const, enterpriseId: e.id };
    const body = { category: 'other', title: `故障测试 并发撤回 ${i}`, description: 'Fault suite: concurrent withdrawals.', priority: 'normal' };
    const filed = await ctx.stack.call<{ id: string }>('requests', 'POST', '/requests', body, identity, { 'idempotency-key': `fault-race-${run}-${i}` });
    if (filed.status !== 201) throw new Error(`race filing: ${filed.status} ${JSON.stringify(filed.body).slice(0, 300)}`);
    const id = filed.body.id;
    ids.push(id);
    // Raced once assigned: assignment's update would otherwise move the version meanwhile.
    let version = 0;
    await until(`request ${id} assigned`, async () => {
      const r = await ctx.stack.call<{ state: string; version: number }>('requests', 'GET', `/requests/${id}`, undefined, identity);
      version = r.body.version;
      return r.status === 200 && r.body.state === 'assigned';
    }, 120_000);
    const replies = await Promise.all(Array.from({ length: RACERS }, (_, k) => ctx.stack.call(replicas[k % 2]!.url as `http://${string}`, 'POST', `/requests/${id}/withdraw`, { version, reason: '故障测试' }, identity)));
    wins.push(replies.filter((r) => r.status === 200).length);
  }
  return { ids, wins };
}

/** A second process of a service of the stack: same environment, its own port. */
async function secondReplica(ctx: Ctx, name: Exclude<Replicated, 'notifications'>): Promise<ServiceProcess> {
  return new ServiceProcess(name, await freePort(), ctx.stack.envFor(name), undefined, join(ctx.stack.logDir, `${name}-2.log`));
}

/**
 * Two replicas each of requests, assignment, sla and notifications, with filings going to both
 * requests replicas in turn; each replica killed (kill -9) in turn and started again. Beside the
 * end-to-end check: no fact published under two event ids, every response-clock mark of every
 * filing fired exactly once, every "request received" email and inbox entry once; then the
 * withdrawal race: one winner per request among concurrent withdrawals through both replicas.
 */
export async function replicas(ctx: Ctx): Promise<Outcome> {
  const { stack } = ctx;
  await fastResponsePolicy(ctx);
  const started: ServiceProcess[] = [];
  try {
    const procs = {} as Record<Replicated, ServiceProcess[]>;
    for (const name of ['requests', 'assignment', 'sla'] as const) {
      const second = await secondReplica(ctx, name);
      started.push(await second.start(180_000));
      procs[name] = [stack.services[name], second];
    }
    procs.notifications = [];
    for (const n of [1, 2]) {
      const p = await notificationsProcess(ctx, `notifications-${n}`);
      started.push(await p.start(180_000));
      procs.notifications.push(p);
    }
    const users = await enterpriseUsers(ctx);
    await stack.waitForGroups();
    ctx.log('two replicas each of requests, assignment, sla, notifications');

    const baseline = await reportingCount(stack, ctx.city);
    let calls = 0;
    const load = new Load(stack, {
      scenario: 'replicas',
      count: Number.MAX_SAFE_INTEGER,
      ratePerSec: ctx.mode.ratePerSec,
      enterprises: ctx.enterprises,
      priority: 'urgent',
      // Each attempt to the other requests replica than the last, so a retry finds the live one.
      via: () => procs.requests[calls++ % 2]!.url as `http://${string}`,
    });
    const kills = REPLICATED.flatMap((name) => [0, 1].map((i) => ({ name, i })));
    const gap = Math.ceil(ctx.mode.count.replicas / (kills.length + 1));
    const restartMs: number[] = [];
    for (const { name, i } of kills) {
      await load.sentAtLeast(load.sent + gap);
      ctx.log(`kill -9 ${name} replica ${i + 1} (${load.sent} filings sent)`);
      await procs[name][i]!.kill();
      await sleep(1000);
      const t = Date.now();
      await procs[name][i]!.start(180_000);
      restartMs.push(Date.now() - t);
    }
    await load.sentAtLeast(load.sent + gap);
    await load.stop();
    const verdict = await verify(stack, ctx.db, load.filings, ctx.city, baseline, ctx.mode.verifyTimeoutMs);
    // After the check of the filings: its requests would count in the city's figures.
    const race = await withdrawalRace(ctx, procs.requests);
    const raceWonTwice = race.wins.filter((w) => w !== 1).length;

    // Every mark of the last filing's response clock is due 1.5 targets after it was filed.
    const accepted = load.filings.filter((f): f is Filing & { requestId: string } => !!f.requestId);
    const lastAt = Math.max(...accepted.map((f) => f.acceptedAt ?? 0));
    await sleep(Math.max(0, lastAt + 1.5 * RESPONSE_S * 1000 + 15_000 - Date.now()));
    const ids = new Set([...accepted.map((f) => f.requestId), ...race.ids]);
    const marksMissing = (p: Published) => accepted.reduce((n, f) => n + MARKS.filter((m) => !p.marks.get(f.requestId)?.has(m)).length, 0);
    let p = await published(stack.brokers, (t) => stack.topic(t), ids);
    const deadline = Date.now() + ctx.mode.verifyTimeoutMs;
    while (marksMissing(p) > 0 && Date.now() < deadline) {
      await sleep(5000);
      p = await published(stack.brokers, (t) => stack.topic(t), ids);
    }
    const missing = marksMissing(p);
    const firedTwice = [...p.marks].flatMap(([requestId, byMark]) => [...byMark].filter(([, evIds]) => evIds.size > 1).map(([m, evIds]) => `${requestId} ${m} ×${evIds.size}`));
    const mails = mailFigures(await receivedMails(ctx, users, load.filings), kills.filter((k) => k.name === 'notifications').length);
    return {
      verdict,
      extra: [
        { figure: 'replicas killed (kill -9)', value: kills.length, unit: 'kills' },
        { figure: 'slowest restart to ready', value: Math.max(...restartMs) / 1000, unit: 's' },
        { figure: 'filings not accepted', value: verdict.sent - verdict.accepted, unit: 'filings', target: '= 0', met: verdict.sent === verdict.accepted },
        { figure: 'events of the filings on Kafka', value: p.events, unit: 'events' },
        { figure: 'facts published under two event ids', value: p.underTwoIds.length, unit: 'facts', target: '= 0', met: p.underTwoIds.length === 0 },
        { figure: 'events resent with their own id', value: p.resent, unit: 'events' },
        { figure: 'SLA marks expected (4 per filing)', value: accepted.length * MARKS.length, unit: 'marks' },
        { figure: 'SLA marks missing', value: missing, unit: 'marks', target: '= 0', met: missing === 0 },
        { figure: 'SLA marks fired twice', value: firedTwice.length, unit: 'marks', target: '= 0', met: firedTwice.length === 0 },
        ...mails.extra,
        { figure: `requests withdrawn by ${RACERS} at once (both replicas)`, value: RACED, unit: 'requests' },
        { figure: 'of those, not won by exactly one', value: raceWonTwice, unit: 'requests', target: '= 0', met: raceWonTwice === 0 },
      ],
      notes: [
        `killed in turn: ${kills.map((k) => `${k.name} #${k.i + 1}`).join(', ')}, ${gap} filings sent between kills; filings went to the two requests replicas in turn`,
        `filings are urgent, whose policy here has a ${RESPONSE_S} s response target: warning at ${WARN_AT} %, breach, city at 100 %, province at 150 % fire while the replicas are killed`,
        'read from Kafka: requests.request.v1, assignment.assignment.v1, sla.clock.v1; a fact is type + request + version/assignment/cycle/clock/threshold/level',
        ...p.underTwoIds.slice(0, 10).map((k) => `under two ids: ${k}`),
        ...firedTwice.slice(0, 10).map((k) => `fired twice: ${k}`),
        `withdrawal race: winners per request ${race.wins.join(' ')}`,
        ...p.unread.map((u) => `not read to the end: ${u}`),
      ],
      failed: verdict.sent !== verdict.accepted || raceWonTwice > 0 || p.underTwoIds.length > 0 || missing > 0 || firedTwice.length > 0 || mails.failed || p.unread.length > 0,
    };
  } finally {
    await Promise.all(started.map((s) => s.stop().catch(() => undefined)));
  }
}
