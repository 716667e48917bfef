import { RosterCache } from '../../src/use-cases/roster-cache';
import { defaultRules } from '../../src/domain/roster';
import { emptyCase } from '../../src/domain/case';

const view = () => ({ liaisons: [], rules: defaultRules('210100'), filesByPerson: new Map(), load: new Map([['a', 2]]) });

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
    });
    cache.invalidate('210100');
    await pending;
    expect(cache.get('210100')).toBeUndefined();
  });

  it('keeps loads for their own time, through roster refreshes and invalidations, unless exact loads are asked for', async () => {
    let now = 0;
    const cache = new RosterCache(1000, () => now, 60_000, 10_000);
    let loadReads = 0;
    let rosterReads = 0;
    const read = {
      roster: async () => {
        rosterReads += 1;
        return view();
      },
      load: async () => {
        loadReads += 1;
        return new Map([['a', loadReads]]);
      },
    };
    expect((await cache.load('210100', read)).load.get('a')).toBe(1);
    now = 5000;
    cache.invalidate('210100');
    expect((await cache.load('210100', read)).load.get('a')).toBe(1);
    expect([rosterReads, loadReads]).toEqual([2, 1]);
    expect((await cache.load('210100', read, { exactLoads: true })).load.get('a')).toBe(2);
    now = 15_001;
    expect((await cache.load('210100', read)).load.get('a')).toBe(3);
    expect([rosterReads, loadReads]).toEqual([3, 3]);
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
