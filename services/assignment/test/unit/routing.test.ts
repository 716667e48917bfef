import fc from 'fast-check';
import { REQUEST_CATEGORIES } from '@metrodesk/contracts';
import { defaultRules, localDate, type Liaison } from '../../src/domain/roster';
import { canTake, compareLoad, eligibility, fairness, planRebalance, route, type OpenWork, type RosterView } from '../../src/domain/routing';
import { emptyCase, escalationTo } from '../../src/domain/case';

const CITY = '210100';
const at = new Date('2026-06-01T00:00:00Z');

function liaison(userId: string, over: Partial<Liaison> = {}): Liaison {
  return {
    userId,
    name: userId,
    cityCode: CITY,
    categories: ['management_system', 'verification_calibration'],
    capacity: 4,
    active: true,
    accountActive: true,
    leaves: [],
    lastAssignedAt: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

function view(liaisons: Liaison[], load: Record<string, number> = {}): RosterView {
  return { today: '2026-06-01', liaisons, rules: defaultRules(CITY), load: new Map(Object.entries(load)) };
}

const work = { category: 'management_system' as const };

describe('eligibility and routing', () => {
  it('excludes the inactive, disabled, on leave, wrong category and out-of-pool', () => {
    const v = view([]);
    expect(eligibility(liaison('a', { active: false }), work, v)).toMatchObject({ ok: false, reason: expect.stringContaining('inactive') });
    expect(eligibility(liaison('a', { accountActive: false }), work, v)).toMatchObject({ ok: false });
    expect(eligibility(liaison('a', { leaves: [{ id: 'l', from: '2026-05-30', to: '2026-06-01', reason: null }] }), work, v)).toMatchObject({ ok: false, reason: expect.stringContaining('leave') });
    expect(eligibility(liaison('a', { categories: ['other'] }), work, v)).toMatchObject({ ok: false });
    const pooled = { ...v, rules: { ...v.rules, categories: [{ category: 'management_system' as const, liaisonIds: ['b'] }] } };
    expect(eligibility(liaison('a'), work, pooled)).toMatchObject({ ok: false, reason: expect.stringContaining('pool') });
    expect(eligibility(liaison('b'), work, pooled)).toEqual({ ok: true });
  });

  it('routes every category, on-site ones included, to a liaison who handles it: no qualification is asked for', () => {
    const all = liaison('a', { categories: [...REQUEST_CATEGORIES] });
    for (const category of REQUEST_CATEGORIES) expect(route({ category }, view([all]))).toMatchObject({ kind: 'assigned', liaison: { userId: 'a' } });
    const v = view([liaison('a', { categories: ['management_system'] }), liaison('b', { categories: ['emergency_verification'] })]);
    expect(route({ category: 'emergency_verification' }, v)).toMatchObject({ kind: 'assigned', liaison: { userId: 'b' } });
  });

  it('names why a liaison cannot take work, capacity included for a named assignment', () => {
    const v = view([], { a: 4 });
    expect(canTake(liaison('a'), work, v)).toMatchObject({ ok: false, why: 'at_capacity', reason: 'a already holds 4 open requests (capacity 4)' });
    expect(canTake(liaison('a', { capacity: 5 }), work, v)).toEqual({ ok: true });
    expect(canTake(liaison('a', { active: false }), work, v)).toMatchObject({ ok: false, why: 'inactive' });
    expect(canTake(liaison('a', { accountActive: false }), work, v)).toMatchObject({ ok: false, why: 'no_account' });
    expect(canTake(liaison('a', { categories: ['other'] }), work, v)).toMatchObject({ ok: false, why: 'category' });
  });

  it('picks the lowest open/capacity, then who waited longest, then the id; never someone at capacity', () => {
    const a = liaison('a', { capacity: 2 });
    const b = liaison('b', { capacity: 4 });
    expect(route(work, view([b, a]))).toMatchObject({ liaison: { userId: 'a' } });
    expect(route(work, view([a, b], { a: 1, b: 1 }))).toMatchObject({ liaison: { userId: 'b' } });
    const recent = liaison('a', { capacity: 2, lastAssignedAt: new Date('2026-06-01T10:00:00Z') });
    const earlier = liaison('b', { capacity: 4, lastAssignedAt: new Date('2026-06-01T09:00:00Z') });
    expect(route(work, view([recent, earlier], { a: 1, b: 2 }))).toMatchObject({ liaison: { userId: 'b' } });
    expect(route(work, view([a, b], { a: 2, b: 4 }))).toMatchObject({ kind: 'unroutable', reason: expect.stringContaining('capacity') });
  });

  it('gives the same answer for the same state, whatever the roster order, and the least loaded', () => {
    const arb = fc.array(fc.record({ capacity: fc.integer({ min: 1, max: 5 }), load: fc.integer({ min: 0, max: 5 }), last: fc.option(fc.integer({ min: 0, max: 1000 })) }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 100 }), (rows, seed) => {
        const ls = rows.map((r, i) => liaison(`l${i}`, { capacity: r.capacity, lastAssignedAt: r.last === null ? null : new Date(r.last) }));
        const load = Object.fromEntries(rows.map((r, i) => [`l${i}`, r.load]));
        const shuffled = [...ls].sort((x, y) => ((x.userId.charCodeAt(1) * seed) % 7) - ((y.userId.charCodeAt(1) * seed) % 7));
        const d1 = route(work, view(ls, load));
        const d2 = route(work, view(shuffled, load));
        if (d1.kind !== d2.kind) return false;
        if (d1.kind === 'unroutable') return rows.every((r) => r.load >= r.capacity);
        const chosen = d1.liaison;
        const ratio = (id: string) => load[id]! / ls.find((l) => l.userId === id)!.capacity;
        return chosen.userId === (d2 as typeof d1).liaison.userId && ls.every((l) => load[l.userId]! >= l.capacity || ratio(chosen.userId) <= ratio(l.userId));
      }),
      { numRuns: 500 },
    );
  });

  it('treats equal ratios as equal (cross-multiplied) and breaks the tie by id', () => {
    const v = { load: new Map([['a', 1], ['b', 2]]) };
    expect(compareLoad(v, liaison('a', { capacity: 3 }), liaison('b', { capacity: 6 }))).toBeLessThan(0);
    expect(compareLoad(v, liaison('b', { capacity: 6 }), liaison('a', { capacity: 3 }))).toBeGreaterThan(0);
    expect(compareLoad(v, liaison('b', { capacity: 7 }), liaison('a', { capacity: 3 }))).toBeLessThan(0);
  });
});

describe('rebalancing', () => {
  const open = (requestId: string, assigneeId: string | null, minute: number): OpenWork => ({ ...work, requestId, assigneeId, since: new Date(at.getTime() + minute * 60_000) });

  it('routes the queue, moves work off someone on leave, and evens out the rest', () => {
    const a = liaison('a', { capacity: 10 });
    const b = liaison('b', { capacity: 10, leaves: [{ id: 'x', from: '2026-06-01', to: '2026-06-03', reason: null }] });
    const c = liaison('c', { capacity: 10 });
    const items = [open('r1', 'a', 1), open('r2', 'a', 2), open('r3', 'a', 3), open('r4', 'a', 4), open('r5', 'b', 5), open('q1', null, 6)];
    const moves = planRebalance(items, view([a, b, c], { a: 4, b: 1 }));
    expect(moves.map((m) => [m.requestId, m.from, m.to])).toEqual([
      ['r5', 'b', 'c'],
      ['q1', null, 'c'],
      ['r4', 'a', 'c'],
    ]);
  });

  it('never makes the most loaded worse and stops', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 }), (owners) => {
        const ls = [0, 1, 2, 3].map((i) => liaison(`l${i}`, { capacity: 10 + i }));
        const items = owners.map((o, i) => open(`r${i}`, `l${o}`, i));
        const load: Record<string, number> = {};
        for (const o of owners) load[`l${o}`] = (load[`l${o}`] ?? 0) + 1;
        const maxRatio = (ld: Record<string, number>) => Math.max(...ls.map((l) => (ld[l.userId] ?? 0) / l.capacity));
        const moves = planRebalance(items, view(ls, load));
        const after = { ...load };
        for (const m of moves) {
          after[m.from!] = (after[m.from!] ?? 0) - 1;
          after[m.to!] = (after[m.to!] ?? 0) + 1;
        }
        return moves.length <= owners.length && maxRatio(after) <= maxRatio(load);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fairness and escalation', () => {
  it('reports min, median and max', () => {
    expect(fairness(CITY, [0.5, 0, 0.25, 1])).toEqual({ cityCode: CITY, liaisons: 4, min: 0, median: 0.375, max: 1 });
    expect(fairness(CITY, [])).toEqual({ cityCode: CITY, liaisons: 0, min: 0, median: 0, max: 0 });
  });

  it('takes the level of the policy step, never lowers it within a cycle, and starts a new cycle at none', () => {
    const s = { ...emptyCase('r', CITY), status: 'assigned' as const };
    expect(escalationTo(s, { cycle: 1, level: 'city' })).toBe('city');
    expect(escalationTo(s, { cycle: 1, level: 'province' })).toBe('province');
    const atCity = { ...s, escalationLevel: 'city' as const };
    expect(escalationTo(atCity, { cycle: 1, level: 'city' })).toBeNull();
    expect(escalationTo(atCity, { cycle: 1, level: 'province' })).toBe('province');
    expect(escalationTo({ ...s, escalationLevel: 'province' }, { cycle: 1, level: 'city' })).toBeNull();
    expect(escalationTo({ ...s, status: 'closed' }, { cycle: 1, level: 'city' })).toBeNull();
    // A step of an older cycle changes nothing; one of a newer cycle starts from none.
    const cycle2 = { ...s, cycle: 2, escalationLevel: 'province' as const };
    expect(escalationTo(cycle2, { cycle: 1, level: 'province' })).toBeNull();
    expect(escalationTo({ ...s, escalationLevel: 'province' as const, status: 'closed' as const }, { cycle: 2, level: 'city' })).toBe('city');
  });

  it('takes the calendar date in Asia/Shanghai', () => {
    expect(localDate(new Date('2026-06-01T16:30:00Z'))).toBe('2026-06-02');
    expect(localDate(new Date('2026-06-01T15:59:00Z'))).toBe('2026-06-01');
  });
});
