import { join } from 'node:path';
import { freePort, ServiceProcess } from '@metrodesk/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { reportingCount, verify } from './check';
import { sleep } from './infra';
import { Load, type Filing } from './load';
import { until } from './seed';
import { ADMIN } from './stack';
import type { Ctx, Outcome } from './scenarios';

interface MailSummary {
  MessageID: string;
  Subject: string;
}

/** What this run's Mailpit holds for one address whose subject starts with `prefix`. */
async function mailsTo(mailpitUrl: string, address: string, prefix: string): Promise<MailSummary[]> {
  const query = `to:"${address}" subject:"${prefix}"`;
  const res = await fetch(`${mailpitUrl}/api/v1/search?query=${encodeURIComponent(query)}&limit=50`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`Mailpit search answered ${res.status}`);
  return ((await res.json()) as { messages: MailSummary[] }).messages.filter((m) => m.Subject.startsWith(prefix));
}

async function groupsStable(brokers: string, groups: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'fault-admin', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await until(`consumer groups ${groups.join(', ')}`, async () => (await admin.describeGroups(groups)).groups.every((g) => g.state === 'Stable' && g.members.length > 0), 120_000);
  } finally {
    await admin.disconnect();
  }
}

/** The emails one notifications process sends at once: at most as many can be cut off by a kill. */
const EMAIL_CONCURRENCY = 4;

/** A notifications process on this run's servers (SMTP: this run's Mailpit); replicas get the same environment. */
export async function notificationsProcess(ctx: Ctx, logName = 'notifications'): Promise<ServiceProcess> {
  const { infra, stack } = ctx;
  return new ServiceProcess(
    'notifications',
    await freePort(),
    {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn',
      MONGO_URL: infra.mongoUrl,
      MONGO_COMPAT: 'ferretdb-v1',
      MONGO_COMPAT_LOCK_URL: infra.redisUrl,
      MONGO_DB: 'metrodesk_notifications',
      KAFKA_BROKERS: stack.brokers,
      KAFKA_NAMESPACE: stack.namespace,
      REDIS_URL: infra.redisUrl,
      ...stack.secrets,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(infra.smtpPort),
      // Quiet hours and the per-person limit are not under test: the scenario runs at any hour and mails one person per filing.
      QUIET_HOURS_FROM: '0',
      QUIET_HOURS_TO: '0',
      EMAIL_PER_MINUTE: '100000',
      EMAIL_CONCURRENCY: String(EMAIL_CONCURRENCY),
      QUEUE_PREFIX: 'metrodesk-notifications-fault',
    },
    undefined,
    join(stack.logDir, `${logName}.log`),
  );
}

export interface MailUser {
  enterpriseId: string;
  userId: string;
  email: string;
}

/** One enterprise user with a mailbox per enterprise of the scenario's city, once notifications knows them all. */
export async function enterpriseUsers(ctx: Ctx): Promise<MailUser[]> {
  const { stack, db } = ctx;
  const users: MailUser[] = [];
  for (const [i, e] of ctx.enterprises.entries()) {
    const email = `fault-${ctx.city}-${i}-${Date.now().toString(36)}@example.cn`;
    const r = await stack.call<{ id: string }>('identity', 'POST', '/users', { username: `fault-ent-${ctx.city}-${i}-${Date.now().toString(36)}`, name: `企业用户${i}`, role: 'enterprise', enterpriseId: e.id, cityCode: ctx.city, email, password: 'Fault-suite-2026' }, ADMIN);
    if (r.status !== 201) throw new Error(`create enterprise user: ${r.status} ${JSON.stringify(r.body)}`);
    users.push({ enterpriseId: e.id, userId: r.body.id, email });
  }
  const people = db.db('metrodesk_notifications').collection('people');
  await until('notifications to learn the enterprise users', async () => (await people.countDocuments({ _id: { $in: users.map((u) => u.userId) as never[] } })) === users.length);
  await groupsStable(stack.brokers, [stack.group('notifications'), stack.group('notifications-users')]);
  return users;
}

export interface MailCount {
  expected: number;
  mails: number;
  copies: number;
  distinct: number;
  entries: number;
  entriesTwice: number;
}

/**
 * Waits until every accepted filing's "request received" email and inbox entry are there (or
 * the verify timeout), then counts them: by recipient and subject in Mailpit, and in the inbox.
 */
export async function receivedMails(ctx: Ctx, users: MailUser[], filings: Filing[]): Promise<MailCount> {
  const { infra, db } = ctx;
  const requests = db.db('metrodesk_requests').collection<{ _id: string; number?: string }>('requests');
  const inbox = db.db('metrodesk_notifications').collection('inbox');
  const expected = await Promise.all(
    filings
      .filter((f) => f.requestId)
      .map(async (f) => {
        const doc = await requests.findOne({ _id: f.requestId! });
        const user = users.find((u) => u.enterpriseId === f.enterprise.id)!;
        return { requestId: f.requestId!, subject: `[${doc?.number ?? '?'}] `, user };
      }),
  );
  const count = async (): Promise<MailCount> => {
    const c = { expected: expected.length, mails: 0, copies: 0, distinct: 0, entries: 0, entriesTwice: 0 };
    for (const x of expected) {
      const got = (await mailsTo(infra.mailpitUrl, x.user.email, x.subject)).filter((m) => /已受理|Received/.test(m.Subject));
      if (got.length > 0) c.mails += 1;
      c.copies += Math.max(0, got.length - 1);
      c.distinct += Math.max(0, new Set(got.map((m) => m.MessageID)).size - 1);
      const n = await inbox.countDocuments({ userId: x.user.userId, requestId: x.requestId, kind: 'request_received' });
      if (n > 0) c.entries += 1;
      c.entriesTwice += Math.max(0, n - 1);
    }
    return c;
  };
  let c = await count();
  const deadline = Date.now() + ctx.mode.verifyTimeoutMs;
  while ((c.mails < c.expected || c.entries < c.expected) && Date.now() < deadline) {
    await sleep(2000);
    c = await count();
  }
  return c;
}

/**
 * The figures of a MailCount for a run that killed the notifications service `kills` times.
 * An email is sent at least once (docs/decisions/0014): a process killed after the SMTP server
 * took a message and before the delivery was marked sent sends it again, with the same
 * Message-ID, which mail clients fold into one. So copies with the delivery's Message-ID are
 * allowed up to what the kills could cut off (their emails in flight); a copy under another
 * Message-ID, a missing email or inbox entry, or an inbox entry twice fails.
 */
export function mailFigures(c: MailCount, kills: number) {
  const resent = c.copies - c.distinct;
  const resentBound = kills * EMAIL_CONCURRENCY;
  return {
    extra: [
      { figure: 'emails missing', value: c.expected - c.mails, unit: 'emails', target: '= 0', met: c.mails === c.expected },
      { figure: 'emails delivered twice (recipient and subject)', value: c.copies, unit: 'emails' },
      { figure: 'of those, with another Message-ID', value: c.distinct, unit: 'emails', target: '= 0', met: c.distinct === 0 },
      { figure: 'of those, resent with their Message-ID after a kill', value: resent, unit: 'emails', target: `<= ${resentBound}`, met: resent <= resentBound },
      { figure: 'inbox entries missing', value: c.expected - c.entries, unit: 'entries', target: '= 0', met: c.entries === c.expected },
      { figure: 'inbox entries twice', value: c.entriesTwice, unit: 'entries', target: '= 0', met: c.entriesTwice === 0 },
    ],
    failed: c.mails !== c.expected || c.distinct > 0 || resent > resentBound || c.entries !== c.expected || c.entriesTwice > 0,
  };
}

/**
 * Issue 19's guarantee under faults: the SMTP server (this run's Mailpit) stopped for 30 s and
 * the notifications service killed with kill -9 during a burst of filings. Afterwards every
 * enterprise user has exactly one "request received" email per filing in Mailpit (by
 * recipient and subject, the subject carrying the request number) and exactly one inbox entry.
 */
export async function notifications(ctx: Ctx): Promise<Outcome> {
  const { infra, stack, db } = ctx;
  const svc = await notificationsProcess(ctx);
  await svc.start(180_000);
  try {
    const users = await enterpriseUsers(ctx);
    const baseline = await reportingCount(stack, ctx.city);
    const load = new Load(stack, { scenario: 'notifications', count: ctx.mode.count.notifications, ratePerSec: ctx.mode.ratePerSec, enterprises: ctx.enterprises });
    await load.reached(0.25);
    ctx.log(`stopping Mailpit for ${ctx.mode.mailOutageS} s (${load.sent} filings sent)`);
    await infra.stop('mailpit');
    const mailDownAt = Date.now();
    await load.reached(0.5);
    ctx.log(`kill -9 notifications (${load.sent} filings sent)`);
    await svc.kill();
    await sleep(1000);
    await svc.start(180_000);
    await sleep(Math.max(0, ctx.mode.mailOutageS * 1000 - (Date.now() - mailDownAt)));
    await infra.up();
    const mailBackAt = Date.now();
    ctx.log('Mailpit is back');
    await load.done;
    // The filings themselves end to end, as in every scenario; then what people were told.
    const verdict = await verify(stack, db, load.filings, ctx.city, baseline, ctx.mode.verifyTimeoutMs);
    const mails = mailFigures(await receivedMails(ctx, users, load.filings), 1);
    const lastMailAfterS = (Date.now() - mailBackAt) / 1000;
    return {
      verdict,
      extra: [...mails.extra, { figure: 'all there after Mailpit was back', value: Math.round(lastMailAfterS), unit: 's' }],
      notes: [`Mailpit stopped ${ctx.mode.mailOutageS} s from 25 % of the filings; notifications killed (kill -9) at 50 % and started again; one enterprise user with a mailbox per enterprise; counted in this run's Mailpit by recipient and subject ("[<request number>] 已受理：…")`],
      failed: mails.failed || verdict.accepted !== verdict.sent,
    };
  } finally {
    await svc.stop().catch(() => undefined);
  }
}
