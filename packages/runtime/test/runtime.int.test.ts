import { spawn } from 'node:child_process';
import { freePort, infra, testLogger, uniq, waitFor } from '@metrodesk/testkit';
import { eventFor, outboxInsert, handlerMap, on } from '@metrodesk/events';
import { enterpriseRegistered } from '@metrodesk/contracts';
import { ServiceRuntime, type ServiceConfig } from '../src';

const config: ServiceConfig = {
  HOST: '127.0.0.1', PORT: 0, MONGO_URL: infra.mongoUrl, MONGO_COMPAT: infra.mongoCompat, MONGO_DB: 'metrodesk_runtime_test',
  KAFKA_BROKERS: infra.kafkaBrokers, IDENTITY_SECRET: 'x'.repeat(32), OUTBOX_INTERVAL_MS: 100,
};

describe('ServiceRuntime', () => {
  it('connects, relays the outbox to its consumers, reports readiness and stops cleanly', async () => {
    const rt = await ServiceRuntime.connect('runtime-test', config, { logger: testLogger(), outboxCollections: ['things'] });
    const id = uniq('ent');
    const got: string[] = [];
    rt.addConsumer({ groupId: uniq('rt'), topics: [enterpriseRegistered.topic], fromBeginning: false, handlers: handlerMap(on(enterpriseRegistered, async (e) => void (e.subject === id && got.push(e.data.name)))) });
    await rt.startBackground();
    expect(await rt.readiness().mongo!()).toBe(true);
    await new Promise((r) => setTimeout(r, 3000));
    const snapshot = {
      enterpriseId: id, version: 1, uscc: '91350100M000100Y43', name: 'Runtime Co', provinceCode: '210000', cityCode: '210100', status: 'active' as const, tags: [],
      flags: { contactPoint: false, keyEnergyUnit: false, integrityCommitment: false, integrityDemonstration: false },
    };
    await rt.mongo.collection('things').insertOne({ _id: id as never, ...outboxInsert([eventFor(enterpriseRegistered, { subject: id, data: snapshot, source: 'runtime-test' })]) });
    rt.notifyOutbox();
    await waitFor(() => got.length === 1, { what: 'the relayed event' });
    await rt.stop();
    expect(got).toEqual(['Runtime Co']);
    expect(rt.relay?.published).toBeGreaterThanOrEqual(1);
  });
});

describe('ServiceRuntime.serve', () => {
  it("listens on the config's PORT and gives the app its wiring from the config and the runtime", async () => {
    const port = await freePort();
    const rt = await ServiceRuntime.connect('runtime-test', { ...config, PORT: port }, { logger: testLogger() });
    const wiring = rt.appWiring();
    expect(wiring.identitySecret).toBe(config.IDENTITY_SECRET);
    expect(wiring.registry).toBe(rt.metricsRegistry());
    expect(Object.keys(wiring.readiness)).toEqual(['mongo']);
    const service = rt.serve((_req, res: { end(s: string): void }) => res.end('ok'));
    try {
      expect(service.runtime).toBe(rt);
      expect(await service.start()).toBe(port);
      expect(await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text())).toBe('ok');
      expect(await wiring.registry.metrics()).toContain('outbox_published_total');
    } finally {
      await service.stop();
    }
  });
});

describe('ServiceRuntime parts', () => {
  it('starts parts with the background work and stops them after HTTP and the consumers, while the database is still open', async () => {
    const rt = await ServiceRuntime.connect('runtime-test', config, { logger: testLogger(), outboxCollections: ['things'] });
    const id = uniq('ent');
    const log: string[] = [];
    rt.addConsumer({
      groupId: uniq('rt-parts'), topics: [enterpriseRegistered.topic], fromBeginning: false,
      handlers: handlerMap(on(enterpriseRegistered, async (e) => {
        if (e.subject !== id) return;
        log.push('handler begins');
        await new Promise((r) => setTimeout(r, 1000));
        log.push('handler ends');
      })),
    });
    const port = await freePort();
    let httpAtStop: string | undefined;
    let mongoOpenAtStop = false;
    rt.addPart({ name: 'connection', start: () => void log.push('start connection'), stop: () => void log.push('stop connection'), ready: async () => true });
    rt.addPart({
      name: 'worker',
      start: () => void log.push('start worker'),
      stop: async () => {
        httpAtStop = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), () => 'refused');
        mongoOpenAtStop = (await rt.readiness().mongo!()) === true;
        log.push('stop worker');
      },
    });
    expect(Object.keys(rt.readiness())).toEqual(['mongo', 'connection']);
    const lifecycle = rt.lifecycle((_req, res: { end(s: string): void }) => res.end('ok'), port);
    try {
      expect(await lifecycle.start()).toBe(port);
      expect(await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text())).toBe('ok');
      await new Promise((r) => setTimeout(r, 3000));
      const snapshot = {
        enterpriseId: id, version: 1, uscc: '91350100M000100Y43', name: 'Parts Co', provinceCode: '210000', cityCode: '210100', status: 'active' as const, tags: [],
        flags: { contactPoint: false, keyEnergyUnit: false, integrityCommitment: false, integrityDemonstration: false },
      };
      await rt.mongo.collection('things').insertOne({ _id: id as never, ...outboxInsert([eventFor(enterpriseRegistered, { subject: id, data: snapshot, source: 'runtime-test' })]) });
      rt.notifyOutbox();
      await waitFor(() => log.includes('handler begins'), { what: 'the handler to begin' });
    } finally {
      await lifecycle.stop();
    }
    // The handler in hand finished before the worker stopped; the connection declared first closed last.
    expect(log).toEqual(['start connection', 'start worker', 'handler begins', 'handler ends', 'stop worker', 'stop connection']);
    expect(httpAtStop).toBe('refused');
    expect(mongoOpenAtStop).toBe(true);
  });

  it('stops the parts that started when one fails to start, and start fails with its error', async () => {
    const rt = await ServiceRuntime.connect('runtime-test', config, { logger: testLogger() });
    const log: string[] = [];
    rt.addPart({ name: 'connection', start: () => void log.push('start connection'), stop: () => void log.push('stop connection') });
    rt.addPart({ name: 'worker', start: () => Promise.reject(new Error('queue unreachable')), stop: () => void log.push('stop worker') });
    const lifecycle = rt.lifecycle((_req, res: { end(s: string): void }) => res.end('ok'), await freePort());
    await expect(lifecycle.start()).rejects.toThrow('queue unreachable');
    expect(log).toEqual(['start connection', 'stop connection']);
    await lifecycle.stop();
    // The failed part still closes what wiring opened; the connection is not stopped twice.
    expect(log).toEqual(['start connection', 'stop connection', 'stop worker']);
  });
});

describe('ServiceRuntime start after a crash', () => {
  it('answers HTTP within seconds while its consumer group still waits out the crashed member', async () => {
    const groupId = uniq('rt-crash');
    const topic = enterpriseRegistered.topic;
    // The member before the crash: a process of its own in the group, killed without leaving it.
    const child = spawn(process.execPath, ['-e', `
      const { Kafka, logLevel } = require(${JSON.stringify(require.resolve('kafkajs'))});
      const c = new Kafka({ clientId: 'crashed', brokers: ${JSON.stringify(infra.kafkaBrokers)}, logLevel: logLevel.NOTHING })
        .consumer({ groupId: ${JSON.stringify(groupId)}, sessionTimeout: 30000, heartbeatInterval: 3000 });
      c.on(c.events.GROUP_JOIN, () => console.log('joined'));
      c.connect().then(() => c.subscribe({ topics: [${JSON.stringify(topic)}] })).then(() => c.run({ eachMessage: async () => {} }));
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('joined') && resolve()));
    child.kill('SIGKILL');

    const rt = await ServiceRuntime.connect('runtime-test', config, { logger: testLogger() });
    rt.addConsumer({ groupId, topics: [topic], fromBeginning: false, handlers: handlerMap() });
    const t0 = Date.now();
    let joined = false;
    const port = await freePort();
    const starting = rt.lifecycle((_req, res: { end(s: string): void }) => res.end('ok'), port).start().then((p) => {
      joined = true;
      return p;
    });
    try {
      const answer = await waitFor(() => fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), () => undefined), { timeoutMs: 10_000, intervalMs: 100, what: 'HTTP to answer' });
      expect(answer).toBe('ok');
      const answeredAfter = Date.now() - t0;
      expect(answeredAfter).toBeLessThan(5000);
      // The join itself waits for the crashed member's session to expire: start resolves then.
      expect(joined).toBe(false);
      expect(await starting).toBe(port);
    } finally {
      await starting.catch(() => undefined);
      await rt.stop();
    }
  }, 90_000);
});
