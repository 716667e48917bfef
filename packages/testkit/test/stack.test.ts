import { join } from 'node:path';
import { ServiceProcess, freePort } from '../src';

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
