import { testLogger } from '@metrodesk/testkit';
import { Parts, type Part } from '../src/parts';

function recorder() {
  const log: string[] = [];
  const part = (name: string, over: Partial<Part> = {}): Part => ({
    name,
    start: () => void log.push(`start ${name}`),
    stop: () => void log.push(`stop ${name}`),
    ...over,
  });
  return { log, part };
}

describe('Parts', () => {
  it('starts parts in the order declared and stops them in reverse', async () => {
    const { log, part } = recorder();
    const parts = new Parts(testLogger());
    parts.add(part('redis'));
    parts.add(part('worker'));
    parts.add(part('scheduler'));
    await parts.start();
    await parts.stop();
    expect(log).toEqual(['start redis', 'start worker', 'start scheduler', 'stop scheduler', 'stop worker', 'stop redis']);
  });

  it('stops what started when a part fails to start, and leaves the rest to the final stop', async () => {
    const { log, part } = recorder();
    const parts = new Parts(testLogger());
    parts.add(part('redis'));
    parts.add(part('feed'));
    parts.add(part('worker', { start: () => Promise.reject(new Error('no queue')) }));
    parts.add(part('scheduler'));
    await expect(parts.start()).rejects.toThrow('no queue');
    expect(log).toEqual(['start redis', 'start feed', 'stop feed', 'stop redis']);
    // The process then stops as a whole: the failed part and the one never started close what wiring opened; the others are not stopped twice.
    await parts.stop();
    expect(log).toEqual(['start redis', 'start feed', 'stop feed', 'stop redis', 'stop scheduler', 'stop worker']);
  });

  it('goes on stopping the others when one part fails to stop', async () => {
    const { log, part } = recorder();
    const parts = new Parts(testLogger());
    parts.add(part('redis'));
    parts.add(part('worker', { stop: () => Promise.reject(new Error('stuck')) }));
    parts.add(part('scheduler'));
    await parts.start();
    await parts.stop();
    expect(log).toEqual(['start redis', 'start worker', 'start scheduler', 'stop scheduler', 'stop redis']);
  });

  it('reports each part with a check under its name for readiness', async () => {
    const parts = new Parts(testLogger());
    parts.add({ name: 'redis', ready: async () => false });
    parts.add({ name: 'timer' });
    const checks = parts.readiness();
    expect(Object.keys(checks)).toEqual(['redis']);
    expect(await checks.redis!()).toBe(false);
  });

  it('refuses two parts of one name, which would share a readiness entry', () => {
    const parts = new Parts(testLogger());
    parts.add({ name: 'worker' });
    expect(() => parts.add({ name: 'worker' })).toThrow('declared twice');
  });
});
