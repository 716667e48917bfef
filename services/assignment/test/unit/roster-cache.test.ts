import { RosterCache } from '../../src/use-cases/roster-cache';
import { defaultRules } from '../../src/domain/roster';
import { emptyCase } from '../../src/domain/case';

const view = () => ({ liaisons: [], rules: defaultRules('210100'), load: new Map([['a', 2]]) });

describe('roster cache', () => {
  it('serves a city until its time is up, and not after an invalidation', () => {
    let now = 0;
    const cache = new RosterCache(1000, () => now);
    cache.set('210100', view());
    now = 999;
    expect(cache.get('210100')).toBeDefined();
    now = 1000;
    expect(cache.get('210100')).toBeUndefined();
    cache.set('210100', view());
    cache.invalidate('210100');
    expect(cache.get('210100')).toBeUndefined();
  });

  it('mirrors its own steps in the cached loads: a move is -1 for the old holder and +1 for the new', () => {
    const cache = new RosterCache(1000, () => 0);
    cache.set('210100', view());
    const held = { ...emptyCase('r', '210100'), status: 'assigned' as const, assigneeId: 'a' };
    cache.applied(held, { ...held, assigneeId: 'b' }, 'b', new Date());
    expect([...cache.get('210100')!.load]).toEqual([['a', 1], ['b', 1]]);
    cache.applied({ ...held, assigneeId: 'b' }, { ...held, assigneeId: 'b', status: 'closed' }, null, new Date());
    expect(cache.get('210100')!.load.get('b')).toBe(0);
  });

  it('remembers enterprise cities, including unknown ones, for the same time', () => {
    let now = 0;
    const cache = new RosterCache(1000, () => now);
    expect(cache.enterpriseCity('e')).toBeUndefined();
    cache.rememberEnterprise('e', null);
    expect(cache.enterpriseCity('e')).toBeNull();
    cache.forgetEnterprise('e');
    expect(cache.enterpriseCity('e')).toBeUndefined();
    cache.rememberEnterprise('e', '210200');
    now = 2000;
    expect(cache.enterpriseCity('e')).toBeUndefined();
  });

  it('takes back a step whose write was refused', () => {
    const cache = new RosterCache(1000, () => 0);
    cache.set('210100', view());
    const held = { ...emptyCase('r', '210100'), status: 'assigned' as const, assigneeId: 'a' };
    const moved = { ...held, assigneeId: 'b' };
    cache.applied(held, moved, 'b', new Date());
    cache.undo(held, moved);
    expect(cache.get('210100')!.load.get('a')).toBe(2);
    expect(cache.get('210100')!.load.get('b')).toBe(0);
  });

  it('shares one read among routings of a city that ask while it is in flight, and hands out live loads', async () => {
    const cache = new RosterCache(1000, () => 0);
    let reads = 0;
    const read = {
      roster: async () => {
        reads += 1;
        await new Promise((r) => setTimeout(r, 10));
        return view();
      },
      load: async () => view().load,
      loadOf: async () => 0,
    };
    const [v1, v2] = await Promise.all([cache.load('210100', read), cache.load('210100', read)]);
    expect(reads).toBe(1);
    cache.applied(null, { ...emptyCase('r', '210100'), status: 'assigned', assigneeId: 'a' }, 'a', new Date());
    expect(v1.load.get('a')).toBe(3);
    expect(v2.load.get('a')).toBe(3);
  });

  it('does not keep a read that an invalidation overtook', async () => {
    const cache = new RosterCache(1000, () => 0);
    const pending = cache.load('210100', {
      roster: async () => {
        await new Promise((r) => setTimeout(r, 10));
        return view();
      },
      load: async () => view().load,
      loadOf: async () => 0,
    });
    cache.invalidate('210100');
    await pending;
    expect(cache.get('210100')).toBeUndefined();
  });

  it('counts loads in full once, then recounts one liaison at a time, the one counted longest ago, each within the load time', async () => {
    let now = 0;
    const cache = new RosterCache(1000, () => now, 60_000, 10_000);
    const liaison = (userId: string) => ({ userId }) as never;
    const inDb = new Map([['a', 5], ['b', 7]]);
    const fullCounts: number[] = [];
    const recounted: string[] = [];
    const read = {
      roster: async () => ({ ...view(), liaisons: [liaison('a'), liaison('b')] }),
      load: async () => {
        fullCounts.push(now);
        return new Map(inDb);
      },
      loadOf: async (id: string) => {
        recounted.push(id);
        return inDb.get(id) ?? 0;
      },
    };
    const settle = () => new Promise((r) => setImmediate(r));
    expect((await cache.load('210100', read)).load.get('a')).toBe(5);
    inDb.set('a', 1);
    inDb.set('b', 2);
    // Two liaisons, 10 s: one recount every 5 s at most, each time the one counted longest ago.
    now = 4999;
    await cache.load('210100', read);
    await settle();
    expect(recounted).toEqual([]);
    now = 5000;
    const view1 = await cache.load('210100', read);
    await settle();
    expect(recounted).toHaveLength(1);
    now = 10_000;
    await cache.load('210100', read);
    await settle();
    expect(new Set(recounted)).toEqual(new Set(['a', 'b']));
    expect([view1.load.get('a'), view1.load.get('b')]).toEqual([1, 2]);
    expect(fullCounts).toEqual([0]);
    // A manager's rebalance waits for a full count.
    inDb.set('a', 9);
    expect((await cache.load('210100', read, { exactLoads: true })).load.get('a')).toBe(9);
    expect(fullCounts).toEqual([0, 10_000]);
  });

  it('keeps the changes this instance made to a liaison while their recount was in flight', async () => {
    let now = 0;
    const cache = new RosterCache(1000, () => now, 60_000, 1000);
    let answer: (n: number) => void = () => undefined;
    const read = {
      roster: async () => ({ ...view(), liaisons: [{ userId: 'a' } as never] }),
      load: async () => new Map([['a', 3]]),
      loadOf: () => new Promise<number>((r) => (answer = r)),
    };
    await cache.load('210100', read);
    now = 1000;
    const v = await cache.load('210100', read);
    // Routed to "a" while the count is read; the count does not include it yet.
    cache.applied(null, { ...emptyCase('r', '210100'), status: 'assigned', assigneeId: 'a' }, 'a', new Date());
    answer(3);
    await new Promise((r) => setImmediate(r));
    expect(v.load.get('a')).toBe(4);
  });

  it('serves a roster past its time while refreshing it behind, but waits after an invalidation', async () => {
    let now = 0;
    const cache = new RosterCache(1000, () => now, 60_000, 10_000);
    let version = 0;
    let release: () => void = () => undefined;
    let gate: Promise<void> = Promise.resolve();
    const read = {
      roster: async () => {
        version += 1;
        const mine = version;
        await gate;
        return { ...view(), rules: { ...defaultRules('210100'), cityCode: `v${mine}` } };
      },
      load: async () => new Map<string, number>(),
      loadOf: async () => 0,
    };
    expect((await cache.load('210100', read)).rules.cityCode).toBe('v1');
    now = 1500;
    gate = new Promise((r) => (release = r));
    // Stale: answered at once from v1 although the refresh is held up.
    expect((await cache.load('210100', read)).rules.cityCode).toBe('v1');
    release();
    await new Promise((r) => setImmediate(r));
    expect((await cache.load('210100', read)).rules.cityCode).toBe('v2');
    cache.invalidate('210100');
    expect((await cache.load('210100', read)).rules.cityCode).toBe('v3');
  });

  it('keeps a known enterprise city longer than an unknown one', () => {
    let now = 0;
    const cache = new RosterCache(1000, () => now, 60_000);
    cache.rememberEnterprise('known', '210200');
    cache.rememberEnterprise('unknown', null);
    now = 1000;
    expect(cache.enterpriseCity('known')).toBe('210200');
    expect(cache.enterpriseCity('unknown')).toBeUndefined();
    now = 60_000;
    expect(cache.enterpriseCity('known')).toBeUndefined();
  });
});
