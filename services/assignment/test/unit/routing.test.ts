import fc from 'fast-check';
import { checkQualification, defaultRules, localDate, type Liaison, type QualificationFile } from '../../src/domain/roster';
import { compareLoad, eligibility, fairness, planRebalance, route, type OpenWork, type RosterView } from '../../src/domain/routing';
import { emptyCase, nextEscalation } from '../../src/domain/case';

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
    verifierKey: null,
    lastAssignedAt: null,
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

function file(personKey: string, over: Partial<QualificationFile> = {}): QualificationFile {
  return {
    fileId: `${personKey}-f`,
    personKey,
    personName: personKey,
    employerUscc: '91210100MA0TEST001',
    employerName: null,
    cityCode: CITY,
    type: 'verifier',
    scope: ['pressure gauge'],
    certificateNo: `C-${personKey}`,
    issuedOn: '2024-01-01',
    expiresOn: '2027-01-01',
    status: 'valid',
    version: 1,
    ...over,
  };
}

function view(liaisons: Liaison[], load: Record<string, number> = {}, files: QualificationFile[] = []): RosterView {
  const filesByPerson = new Map<string, QualificationFile[]>();
  for (const f of files) filesByPerson.set(f.personKey, [...(filesByPerson.get(f.personKey) ?? []), f]);
  return { today: '2026-06-01', liaisons, rules: defaultRules(CITY), filesByPerson, load: new Map(Object.entries(load)) };
}

const work = { category: 'management_system' as const, instrumentClasses: [], plannedDate: '2026-06-01' };
const onSite = { category: 'verification_calibration' as const, instrumentClasses: ['Pressure Gauge'], plannedDate: '2026-06-10' };

describe('qualification gate', () => {
  const rules = { expiryWarningDays: 30, qualificationTypes: [] };
  it('needs a valid file covering every class on the planned date', () => {
    expect(checkQualification([file('p')], ['pressure gauge'], '2026-06-10', rules)).toEqual({ ok: true, warnings: [] });
    expect(checkQualification([file('p')], ['pressure gauge', 'gas alarm'], '2026-06-10', rules)).toMatchObject({ ok: false, reason: expect.stringContaining("'gas alarm'") });
    expect(checkQualification([file('p', { status: 'revoked' })], ['pressure gauge'], '2026-06-10', rules)).toMatchObject({ ok: false });
    expect(checkQualification([file('p', { expiresOn: '2026-06-09' })], ['pressure gauge'], '2026-06-10', rules)).toMatchObject({ ok: false });
    expect(checkQualification([file('p', { issuedOn: '2026-06-11' })], ['pressure gauge'], '2026-06-10', rules)).toMatchObject({ ok: false });
    expect(checkQualification([file('p', { type: 'metrologist' })], ['pressure gauge'], '2026-06-10', { ...rules, qualificationTypes: ['verifier'] })).toMatchObject({ ok: false });
  });
  it('combines files and warns about one expiring within the window or marked expiring', () => {
    const files = [file('p'), file('p', { fileId: 'g', scope: ['gas alarm'], expiresOn: '2026-07-01', certificateNo: 'G' })];
    const r = checkQualification(files, ['pressure gauge', 'gas alarm'], '2026-06-10', rules);
    expect(r).toEqual({ ok: true, warnings: ['qualification G of p expires on 2026-07-01'] });
    expect(checkQualification([file('p', { status: 'expiring' })], ['pressure gauge'], '2026-06-10', rules)).toMatchObject({ ok: true, warnings: [expect.stringContaining('expires on')] });
  });
  it('prefers the file that stays valid longest, so no needless warning', () => {
    const files = [file('p', { fileId: 'old', expiresOn: '2026-06-20' }), file('p', { fileId: 'new', expiresOn: '2028-01-01' })];
    expect(checkQualification(files, ['pressure gauge'], '2026-06-10', rules)).toEqual({ ok: true, warnings: [] });
  });
});

describe('eligibility and routing', () => {
  it('excludes the inactive, disabled, on leave, wrong category and out-of-pool', () => {
    const v = view([]);
    expect(eligibility(liaison('a', { active: false }), work, v)).toMatchObject({ ok: false, reason: expect.stringContaining('inactive') });
    expect(eligibility(liaison('a', { accountActive: false }), work, v)).toMatchObject({ ok: false });
    expect(eligibility(liaison('a', { leaves: [{ id: 'l', from: '2026-05-30', to: '2026-06-01', reason: null }] }), work, v)).toMatchObject({ ok: false, reason: expect.stringContaining('leave') });
    expect(eligibility(liaison('a', { categories: ['other'] }), work, v)).toMatchObject({ ok: false });
    const pooled = { ...v, rules: { ...v.rules, categories: [{ category: 'management_system' as const, liaisonIds: ['b'] }] } };
    expect(eligibility(liaison('a'), work, pooled)).toMatchObject({ ok: false, reason: expect.stringContaining('pool') });
    expect(eligibility(liaison('b'), work, pooled)).toEqual({ ok: true, warnings: [] });
  });

  it('sends on-site work only to a qualified verifier', () => {
    const v = view([liaison('a', { capacity: 1 }), liaison('b', { verifierKey: 'pb', capacity: 10 }), liaison('c', { verifierKey: 'pc' })], {}, [file('pb', { scope: ['thermometer'] }), file('pc')]);
    expect(route(onSite, v)).toMatchObject({ kind: 'assigned', liaison: { userId: 'c' } });
    expect(route({ ...onSite, plannedDate: '2027-02-01' }, v)).toMatchObject({ kind: 'unroutable' });
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

  it('climbs city then province, once per breach, never for a closed request', () => {
    const s = { ...emptyCase('r', CITY), status: 'assigned' as const };
    expect(nextEscalation(s, 1, 'response')).toBe('city');
    const atCity = { ...s, escalationLevel: 'city' as const, breaches: ['1:response'] };
    expect(nextEscalation(atCity, 1, 'response')).toBeNull();
    expect(nextEscalation(atCity, 1, 'resolution')).toBe('province');
    expect(nextEscalation({ ...atCity, escalationLevel: 'province' }, 2, 'response')).toBeNull();
    expect(nextEscalation({ ...s, status: 'closed' }, 1, 'response')).toBeNull();
  });

  it('takes the calendar date in Asia/Shanghai', () => {
    expect(localDate(new Date('2026-06-01T16:30:00Z'))).toBe('2026-06-02');
    expect(localDate(new Date('2026-06-01T15:59:00Z'))).toBe('2026-06-01');
  });
});
