import { join } from 'node:path';
import { freePort, ServiceProcess } from '@metrodesk/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { reportingCount, verify } from './check';
import { sleep } from './infra';
import { Load } from './load';
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

/**
 * Issue 19's guarantee under faults: the SMTP server (this run's Mailpit) stopped for 30 s and
 * the notifications service killed with kill -9 during a burst of filings. Afterwards every
 * enterprise user has exactly one "request received" email per filing in Mailpit (by
 * recipient and subject, the subject carrying the request number) and exactly one inbox entry.
 */
export async function notifications(ctx: Ctx): Promise<Outcome> {
  const { infra, stack, db } = ctx;
  const port = await freePort();
  const svc = new ServiceProcess(
    'notifications',
    port,
    {
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn',
      MONGO_URL: infra.mongoUrl,
      MONGO_COMPAT: 'ferretdb-v1',
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
      QUEUE_PREFIX: 'metrodesk-notifications-fault',
    },
    undefined,
    join(stack.logDir, 'notifications.log'),
  );
  await svc.start(180_000);
  try {
    // One enterprise user with a mailbox per enterprise of the scenario's city.
    const users: { enterpriseId: string; userId: string; email: string }[] = [];
    for (const [i, e] of ctx.enterprises.entries()) {
      const email = `fault-${ctx.city}-${i}-${Date.now().toString(36)}@example.cn`;
      const r = await stack.call<{ id: string }>('identity', 'POST', '/users', { username: `fault-ent-${ctx.city}-${i}-${Date.now().toString(36)}`, name: `企业用户${i}`, role: 'enterprise', enterpriseId: e.id, cityCode: ctx.city, email, password: 'Fault-suite-2026' }, ADMIN);
      if (r.status !== 201) throw new Error(`create enterprise user: ${r.status} ${JSON.stringify(r.body)}`);
      users.push({ enterpriseId: e.id, userId: r.body.id, email });
    }
    const people = db.db('metrodesk_notifications').collection('people');
    await until('notifications to learn the enterprise users', async () => (await people.countDocuments({ _id: { $in: users.map((u) => u.userId) as never[] } })) === users.length);
    await groupsStable(stack.brokers, [stack.group('notifications'), stack.group('notifications-users')]);

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

    const accepted = load.filings.filter((f) => f.requestId);
    const requests = db.db('metrodesk_requests').collection<{ _id: string; number?: string }>('requests');
    const inbox = db.db('metrodesk_notifications').collection('inbox');
    const expected = await Promise.all(
      accepted.map(async (f) => {
        const doc = await requests.findOne({ _id: f.requestId! });
        const user = users.find((u) => u.enterpriseId === f.enterprise.id)!;
        return { requestId: f.requestId!, subject: `[${doc?.number ?? '?'}] `, user };
      }),
    );
    // Every expected email and inbox entry there, or the verify timeout.
    const count = async () => {
      let mails = 0;
      let copies = 0;
      let distinct = 0;
      let entries = 0;
      let entriesTwice = 0;
      for (const x of expected) {
        const got = (await mailsTo(infra.mailpitUrl, x.user.email, x.subject)).filter((m) => /已受理|Received/.test(m.Subject));
        if (got.length > 0) mails += 1;
        copies += Math.max(0, got.length - 1);
        distinct += Math.max(0, new Set(got.map((m) => m.MessageID)).size - 1);
        const n = await inbox.countDocuments({ userId: x.user.userId, requestId: x.requestId, kind: 'request_received' });
        if (n > 0) entries += 1;
        entriesTwice += Math.max(0, n - 1);
      }
      return { mails, copies, distinct, entries, entriesTwice };
    };
    let c = await count();
    const deadline = Date.now() + ctx.mode.verifyTimeoutMs;
    while ((c.mails < expected.length || c.entries < expected.length) && Date.now() < deadline) {
      await sleep(2000);
      c = await count();
    }
    const lastMailAfterS = (Date.now() - mailBackAt) / 1000;
    return {
      verdict,
      extra: [
        { figure: 'emails missing', value: expected.length - c.mails, unit: 'emails', target: '= 0', met: c.mails === expected.length },
        { figure: 'emails delivered twice (recipient and subject)', value: c.copies, unit: 'emails', target: '= 0', met: c.copies === 0 },
        { figure: 'of those, with another Message-ID', value: c.distinct, unit: 'emails', target: '= 0', met: c.distinct === 0 },
        { figure: 'inbox entries missing', value: expected.length - c.entries, unit: 'entries', target: '= 0', met: c.entries === expected.length },
        { figure: 'inbox entries twice', value: c.entriesTwice, unit: 'entries', target: '= 0', met: c.entriesTwice === 0 },
        { figure: 'all there after Mailpit was back', value: Math.round(lastMailAfterS), unit: 's' },
      ],
      notes: [`Mailpit stopped ${ctx.mode.mailOutageS} s from 25 % of the filings; notifications killed (kill -9) at 50 % and started again; one enterprise user with a mailbox per enterprise; counted in this run's Mailpit by recipient and subject ("[<request number>] 已受理：…")`],
      failed: c.mails !== expected.length || c.copies > 0 || c.entries !== expected.length || c.entriesTwice > 0 || verdict.accepted !== verdict.sent,
    };
  } finally {
    await svc.stop().catch(() => undefined);
  }
}
