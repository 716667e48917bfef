import { LookupCache } from '../../src/persistence/lookup-cache';

describe('the look-up cache', () => {
  let clock = 0;
  const counting = () => {
    let calls = 0;
    return { load: async () => `v${++calls}`, calls: () => calls };
  };

  beforeEach(() => {
    clock = 1_000;
  });

  it('reuses a look-up within its time, and asks again after', async () => {
    const cache = new LookupCache<string>(2000, () => clock);
    const l = counting();
    expect(await cache.get('a', l.load)).toBe('v1');
    clock += 1999;
    expect(await cache.get('a', l.load)).toBe('v1');
    clock += 1;
    expect(await cache.get('a', l.load)).toBe('v2');
    expect(l.calls()).toBe(2);
  });

  it('shares one query among callers asking at once, and keeps keys apart', async () => {
    const cache = new LookupCache<string>(2000, () => clock);
    const l = counting();
    const [x, y] = await Promise.all([cache.get('a', l.load), cache.get('a', l.load)]);
    expect([x, y]).toEqual(['v1', 'v1']);
    expect(await cache.get('b', l.load)).toBe('v2');
  });

  it('forgets everything on clear (a write through this process)', async () => {
    const cache = new LookupCache<string>(2000, () => clock);
    const l = counting();
    await cache.get('a', l.load);
    cache.clear();
    expect(await cache.get('a', l.load)).toBe('v2');
  });

  it('does not remember a failed look-up', async () => {
    const cache = new LookupCache<string>(2000, () => clock);
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('a', async () => 'back')).toBe('back');
  });

  it('reads every time when its time is 0', async () => {
    const cache = new LookupCache<string>(0, () => clock);
    const l = counting();
    await cache.get('a', l.load);
    expect(await cache.get('a', l.load)).toBe('v2');
  });

  it('drops expired entries when full, and everything if still full', async () => {
    const cache = new LookupCache<string>(2000, () => clock, 2);
    const l = counting();
    await cache.get('a', l.load);
    await cache.get('b', l.load);
    clock += 2000;
    await cache.get('c', l.load);
    // 'a' went with the expired; 'c' is still there.
    expect(await cache.get('c', l.load)).toBe('v3');
  });
});
