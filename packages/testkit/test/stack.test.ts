import { join } from 'node:path';
import { ServiceProcess, freePort, startStack, testKafka, uniq } from '../src';

describe('ServiceProcess', () => {
  it('starts a service, reads its memory, kills it hard and starts it again on the same port', async () => {
    const svc = new ServiceProcess('tiny', await freePort(), {}, join(__dirname, 'fixtures', 'tiny-service.js'));
    await svc.start();
    try {
      expect(svc.rss()).toBeGreaterThan(16 * 1024 * 1024);
      const first = (await (await fetch(`${svc.url}/healthz`)).json()) as { pid: number };
      await svc.kill();
      await expect(fetch(`${svc.url}/healthz`)).rejects.toThrow();
      await svc.start();
      const second = (await (await fetch(`${svc.url}/healthz`)).json()) as { pid: number };
      expect(second.pid).not.toBe(first.pid);
    } finally {
      await svc.stop();
    }
  });
});

// Stand-ins for identity and the gateway (fixtures/stack), so the test needs no service built.
const distOf = (name: string) => join(__dirname, 'fixtures', 'stack', name);
const settings = async (url: string) => (await (await fetch(`${url}/env`)).json()) as { pid: number; env: Record<string, string> };

describe('startStack', () => {
  it.each(['process', 'in-process'] as const)('gives each stack (%s) a namespace, databases and queues of its own and wires the gateway to the services', async (mode) => {
    const stacks = await Promise.all([0, 1].map(() => startStack({ services: [], mode, distOf, env: { SHARED: 'yes' }, serviceEnv: { gateway: { ONLY_GATEWAY: '1' } } })));
    try {
      const [a, b] = stacks as [typeof stacks[0], typeof stacks[0]];
      expect(a.namespace).not.toBe(b.namespace);
      const identity = await settings(a.url('identity'));
      expect(identity.env).toMatchObject({ KAFKA_NAMESPACE: a.namespace, MONGO_DB: a.dbName('identity'), SHARED: 'yes', BOOTSTRAP_ADMIN_USERNAME: a.admin.username, BOOTSTRAP_ADMIN_PASSWORD: a.admin.password });
      expect(identity.env.ONLY_GATEWAY).toBeUndefined();
      expect(a.dbName('identity')).not.toBe(b.dbName('identity'));
      expect(a.topic('requests.request.v1')).toBe(`${a.namespace}.requests.request.v1`);
      const gateway = await settings(a.gatewayUrl);
      expect(gateway.env).toMatchObject({ IDENTITY_URL: a.url('identity'), ONLY_GATEWAY: '1', IDENTITY_SECRET: a.secrets.IDENTITY_SECRET });
      // A service not in the stack: the gateway is pointed at a closed port and answers 502 for it.
      expect(gateway.env.REQUESTS_URL).toBe('http://127.0.0.1:9');
      expect(a.members.identity?.process !== undefined).toBe(mode === 'process');
      expect(a.members.identity?.instance !== undefined).toBe(mode === 'in-process');
    } finally {
      await Promise.all(stacks.map((s) => s.stop()));
    }
  });

  it('kills a process with SIGKILL and restarts it on its port; stop removes the namespace topics', async () => {
    const stack = await startStack({ services: [], distOf, namespace: uniq('stk') });
    const admin = testKafka().admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: stack.topic('probe.v1'), numPartitions: 1 }] });
      const before = await settings(stack.url('identity'));
      await stack.kill('identity');
      await expect(fetch(`${stack.url('identity')}/readyz`)).rejects.toThrow();
      await stack.restart('identity');
      const after = await settings(stack.url('identity'));
      expect(after.pid).not.toBe(before.pid);
      await stack.stop();
      expect((await admin.listTopics()).filter((t) => t.startsWith(`${stack.namespace}.`))).toEqual([]);
    } finally {
      await stack.stop();
      await admin.disconnect();
    }
  });

  it('refuses to kill a service that runs in this process, and restarts it on its port', async () => {
    const stack = await startStack({ services: [], mode: 'in-process', distOf, gateway: false });
    try {
      await expect(stack.kill('identity')).rejects.toThrow(/mode 'process'/);
      await stack.restart('identity');
      expect((await settings(stack.url('identity'))).env.KAFKA_NAMESPACE).toBe(stack.namespace);
      expect(() => stack.url('gateway')).toThrow(/not in this stack/);
    } finally {
      await stack.stop();
    }
  });
});
