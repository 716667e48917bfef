/**
 * Event -> told, end to end through the real servers (Kafka, the MongoDB wire, Redis): a
 * `requests.request.filed` event is produced to Kafka at a steady rate, the service consumes
 * it, writes the inbox entry, pushes it through Redis pub/sub to the enterprise user's open
 * Server-Sent Events stream (as the console holds it), and queues the email, which the BullMQ
 * worker sends through nodemailer to an SMTP server. Measured: event -> the entry arriving on
 * the stream ("visible in the console without reload"), and event -> the SMTP server's 250
 * after the message data ("accepted by SMTP"). The SMTP server is a sink in this process that
 * timestamps its answer, so the bench never floods the shared Mailpit (which keeps the last
 * 5,000 messages other suites read). Not a test.
 *
 *   pnpm --filter @metrodesk/notifications bench     (BENCH_RATE=50 BENCH_SECONDS=30 BENCH_USERS=50)
 */
import { createServer, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';
import { signIdentity } from '@metrodesk/access';
import { eventFor, toMessage } from '@metrodesk/events';
import { createLogger } from '@metrodesk/logger';
import { connectMongo, parseMongoCompat } from '@metrodesk/mongo';
import { below, percentile, report } from '@metrodesk/benchkit';
import { REQUEST_TOPIC, requestFiled } from '@metrodesk/contracts';
import { testWorld } from '@metrodesk/testkit';
import { readConfig } from '../src/config';
import { createNotificationsService } from '../src/service';

const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const USERS = Number(process.env.BENCH_USERS ?? 50);
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27027/';
/** The default server is the local FerretDB v1, which needs the compat layer. */
const MONGO_COMPAT = parseMongoCompat(process.env.MONGO_COMPAT ?? 'ferretdb-v1');
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:29092').split(',');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6390';
const DB = 'metrodesk_notifications_bench';
const SECRET = 'bench-identity-secret-0123456789';
const CITY = '210100';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const run = randomBytes(3).toString('hex');
const now = () => performance.now();

/** When each event was produced, reached a stream, and was accepted by the SMTP sink; keyed by event id. */
const marks = new Map<string, { sent: number; visible?: number; accepted?: number }>();

/** Just enough of an SMTP server to accept mail and note when it said 250 to each message, by its Message-ID. */
function smtpSink(): Promise<{ port: number; close(): void }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.write('220 bench ESMTP\r\n');
    let buffer = '';
    let inData = false;
    client.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          client.write('250 2.0.0 queued\r\n');
          // <eventId.userId.email@metrodesk.notifications>: the event id is a uuid v7 with its dashes kept.
          const id = /^Message-ID:\s*<([0-9a-f-]{36})\./im.exec(data)?.[1];
          const m = id ? marks.get(id) : undefined;
          if (m) m.accepted ??= now();
          continue;
        }
        const i = buffer.indexOf('\r\n');
        if (i < 0) return;
        const line = buffer.slice(0, i).toUpperCase();
        buffer = buffer.slice(i + 2);
        if (line.startsWith('EHLO')) client.write('250-bench\r\n250 8BITMIME\r\n');
        else if (line.startsWith('HELO') || line.startsWith('MAIL') || line.startsWith('RCPT') || line.startsWith('RSET') || line.startsWith('NOOP')) client.write('250 ok\r\n');
        else if (line.startsWith('DATA')) {
          inData = true;
          client.write('354 go ahead\r\n');
        } else if (line.startsWith('QUIT')) client.end('221 bye\r\n');
        else client.write('502 not here\r\n');
      }
    });
  });
  return new Promise((res) =>
    server.listen(0, '127.0.0.1', () =>
      res({
        port: (server.address() as { port: number }).port,
        close: () => {
          for (const s of sockets) s.destroy();
          server.close();
        },
      }),
    ),
  );
}

/** One user's live stream, as the console reads it: every `notification` event's arrival is noted by its event id. */
async function openStream(base: string, userId: string, enterpriseId: string, ready: () => void, signal: AbortSignal): Promise<void> {
  const header = signIdentity({ userId, role: 'enterprise', enterpriseId }, SECRET, 3600);
  const res = await fetch(`${base}/notifications/stream`, { headers: { 'x-metrodesk-identity': header }, signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    text += decoder.decode(value, { stream: true });
    for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      if (block.includes('event: unread')) ready();
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!block.includes('event: notification') || !data) continue;
      // The entry's id is `<event id>:<user id>:inapp`.
      const eventId = (JSON.parse(data) as { id: string }).id.split(':')[0]!;
      const m = marks.get(eventId);
      if (m) m.visible ??= now();
    }
  }
}

async function main() {
  // Topics of its own (a namespace, deleted at the end): its filings stay out of the shared
  // topics the demo of deploy/local/run reads from the start.
  const world = testWorld('notifications-bench');
  await world.create();
  const conn = await connectMongo({ url: MONGO_URL, compat: MONGO_COMPAT, dbName: DB, logger: createLogger({ service: 'bench', level: 'silent' }) });
  await conn.dropDatabase();
  await conn.close();
  const sink = await smtpSink();
  const svc = await createNotificationsService(
    readConfig({
      MONGO_URL, MONGO_COMPAT, KAFKA_BROKERS: BROKERS.join(','), KAFKA_NAMESPACE: world.namespace, REDIS_URL, MONGO_DB: DB, IDENTITY_SECRET: SECRET,
      CONSUMER_GROUP: `notifications-bench-${run}`, CONSUMER_FROM_BEGINNING: 'false', QUEUE_PREFIX: `bench:notifications:${run}`,
      SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port),
      // Quiet hours and the per-person limit hold or fold mail on purpose; the bench measures the path, at any hour.
      QUIET_HOURS_FROM: '0', QUIET_HOURS_TO: '0', EMAIL_PER_MINUTE: '100000', LOG_LEVEL: 'error',
    }),
  );
  // The users projection as identity's events would have built it: one enterprise user with a mailbox per enterprise.
  const users = Array.from({ length: USERS }, (_, k) => ({ userId: `bench-${run}-u${k}`, enterpriseId: `bench-${run}-e${k}` }));
  for (const u of users) {
    await svc.deps.people.upsertNewer({ ...u, version: 1, name: `企业用户${u.userId}`, role: 'enterprise', cityCode: CITY, active: true, email: `${u.userId}@bench.example.cn`, language: 'zh-CN' });
  }
  const port = await svc.start(0);
  const base = `http://127.0.0.1:${port}`;
  const streams = new AbortController();
  let open = 0;
  await Promise.all(users.map((u) => new Promise<void>((ready) => void openStream(base, u.userId, u.enterpriseId, () => (open += 1, ready()), streams.signal).catch(() => undefined))));
  process.stdout.write(`${open} streams open\n`);

  const kafka = new Kafka({ clientId: `bench-${run}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let n = 0;
  const file = async () => {
    const i = n++;
    const u = users[i % users.length]!;
    const requestId = `bench-${run}-r${i}`;
    const { event } = eventFor(requestFiled, {
      subject: requestId,
      source: 'bench',
      data: {
        requestId, number: `210100-2026-${String(i).padStart(6, '0')}`, enterpriseId: u.enterpriseId, cityCode: CITY, category: 'verification_calibration', priority: 'normal',
        version: 1, cycle: 1, at: new Date().toISOString(), title: '电子天平检定', instruments: [{ class: '电子天平', count: 2 }], filedBy: u.userId, filedByRole: 'enterprise',
      },
    });
    marks.set(event.id, { sent: now() });
    await producer.send({ topic: world.topic(REQUEST_TOPIC), acks: -1, messages: [toMessage(event)] });
    return event.id;
  };
  const told = (id: string) => marks.get(id)?.visible !== undefined && marks.get(id)?.accepted !== undefined;

  // The consumer group joins in the background from the latest offset: file until one is told.
  const probes = [await file()];
  while (!probes.some(told)) {
    await sleep(500);
    if (!probes.some(told)) probes.push(await file());
  }
  // Warm-up: ten seconds at the rate, so caches, connections and the worker settle.
  for (let i = 0; i < RATE * 10; i++) {
    void file();
    await sleep(1000 / RATE);
  }
  await sleep(3000);

  const load = loadavg();
  const measured: string[] = [];
  const total = RATE * SECONDS;
  const start = now();
  process.stdout.write(`measuring: ${total} events at ${RATE}/s\n`);
  for (let i = 0; i < total; i++) {
    // Open loop: each event goes at its scheduled time whatever the service is doing.
    const wait = start + (i * 1000) / RATE - now();
    if (wait > 0) await sleep(wait);
    void file().then((id) => measured.push(id));
  }
  const sentFor = (now() - start) / 1000;
  const deadline = now() + 60_000;
  while (measured.length < total || (measured.some((id) => !told(id)) && now() < deadline)) await sleep(200);
  const elapsed = (now() - start) / 1000;
  const loadAfter = loadavg();

  const visible = measured.flatMap((id) => (marks.get(id)!.visible !== undefined ? [marks.get(id)!.visible! - marks.get(id)!.sent] : []));
  const accepted = measured.flatMap((id) => (marks.get(id)!.accepted !== undefined ? [marks.get(id)!.accepted! - marks.get(id)!.sent] : []));
  const vp99 = percentile(visible, 99);
  const ap99 = percentile(accepted, 99);
  const missing = total - Math.min(visible.length, accepted.length);
  report({
    name: 'notifications-delivery',
    load: `${total} requests.request.filed events at a steady ${RATE}/s for ${SECONDS} s after 10 s of warm-up; ${USERS} enterprise users, each with an open SSE stream and a mailbox; in-process SMTP sink`,
    durationS: elapsed,
    figures: [
      { figure: 'achieved event rate', value: measured.length / sentFor, unit: '/s' },
      { figure: 'event -> in-app visible (SSE) p50', value: percentile(visible, 50), unit: 'ms' },
      { figure: 'event -> in-app visible (SSE) p99', value: vp99, unit: 'ms', ...below(vp99, 500, 'ms') },
      { figure: 'event -> accepted by SMTP p50', value: percentile(accepted, 50), unit: 'ms' },
      { figure: 'event -> accepted by SMTP p99', value: ap99, unit: 'ms', ...below(ap99, 2000, 'ms') },
      { figure: 'not told within 60 s', value: missing, unit: 'events', target: '= 0', met: missing === 0 },
    ],
    notes: [`load average (1, 5, 15 min) before measuring: ${load.map((x) => x.toFixed(2)).join(', ')}; after: ${loadAfter.map((x) => x.toFixed(2)).join(', ')} (2 cores shared with other work)`],
  });
  streams.abort();
  await producer.disconnect();
  await svc.stop();
  sink.close();
  await world.drop();
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
