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
});
