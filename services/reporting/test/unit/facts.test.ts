import fc from 'fast-check';
import { applyClockEvent, applyRequestEvent, contributions, emptyRequestFact, type RequestChange, type RequestFact, type RequestRef } from '../../src/domain/facts';
import { percentile, responseKey, sumFigures, unionMembers } from '../../src/domain/figures';

type Step = { kind: 'request'; ref: RequestRef; change: RequestChange } | { kind: 'clock'; e: { cityCode: string; cycle: number; clock: string; at: string }; change: { type: 'breached' } | { type: 'met'; withinTarget: boolean } };

const ref = (version: number, at: string, cycle = 1): RequestRef => ({ requestId: 'r1', enterpriseId: 'e1', cityCode: '210100', category: 'energy_metrology', priority: 'normal', version, cycle, at });
const history: Step[] = [
  { kind: 'request', ref: ref(1, '2025-01-10T02:00:00Z'), change: { type: 'filed' } },
  { kind: 'request', ref: ref(2, '2025-01-10T03:00:00Z'), change: { type: 'responded' } },
  { kind: 'request', ref: ref(3, '2025-01-12T02:00:00Z'), change: { type: 'resolved', solved: false, solutionKind: 'other' } },
  { kind: 'clock', e: { cityCode: '210100', cycle: 1, clock: 'resolution', at: '2025-01-11T02:00:00Z' }, change: { type: 'breached' } },
  { kind: 'clock', e: { cityCode: '210100', cycle: 1, clock: 'resolution', at: '2025-01-12T02:00:00Z' }, change: { type: 'met', withinTarget: false } },
  { kind: 'request', ref: ref(4, '2025-01-13T02:00:00Z', 2), change: { type: 'reopened', satisfaction: 2 } },
  { kind: 'request', ref: ref(5, '2025-02-01T02:00:00Z', 2), change: { type: 'resolved', solved: true, solutionKind: 'lab_calibration' } },
  { kind: 'request', ref: ref(6, '2025-02-02T02:00:00Z', 2), change: { type: 'closed', satisfied: true } },
  { kind: 'request', ref: ref(7, '2025-02-02T03:00:00Z', 2), change: { type: 'escalated', level: 'city' } },
];

const apply = (steps: Step[]) =>
  steps.reduce<RequestFact>((f, s) => (s.kind === 'request' ? applyRequestEvent(f, s.ref, s.change) : applyClockEvent(f, s.e, s.change)), emptyRequestFact('r1'));

describe('request facts', () => {
  it('count an imported request on the days of its own story, and the same however often it comes', () => {
    const change: RequestChange = { type: 'imported', state: 'closed', filedAt: '2024-03-02T02:00:00Z', respondedAt: '2024-03-02T03:00:00Z', resolvedAt: '2024-03-05T02:00:00Z', solved: true, solutionKind: 'on_site_verification', closedAt: '2024-04-01T02:00:00Z', satisfied: true };
    const once = applyRequestEvent(emptyRequestFact('r1'), ref(1, '2024-04-01T02:00:00Z'), change);
    const twice = applyRequestEvent(once, ref(1, '2024-04-01T02:00:00Z'), change);
    expect(twice).toEqual(once);
    const byDay = Object.fromEntries(contributions(once).map((c) => [c.day, c.f]));
    expect(byDay['2024-03-02']).toMatchObject({ requests: 1, byStatus: { closed: 1 }, responseDue: 1, respondedWithin24h: 1 });
    expect(byDay['2024-03-05']).toEqual({ solutions: 1, problemsSolved: 1 });
    expect(byDay['2024-04-01']).toMatchObject({ returnVisits: 1, satisfied: 1 });
    const noAnswer = applyRequestEvent(emptyRequestFact('r2'), ref(1, '2024-04-01T02:00:00Z'), { ...change, respondedAt: null, solved: false, satisfied: null });
    const f = sumFigures(contributions(noAnswer).map((c) => c.f));
    expect(f).toMatchObject({ requests: 1, solutions: 1, noAnswer: 1 });
    expect(f.problemsSolved).toBeUndefined();
    expect(f.returnVisits).toBeUndefined();
    expect(f.responseDue).toBeUndefined();
  });

  it('give the same contributions whatever the order, with late and repeated events', () => {
    const expected = contributions(apply(history));
    fc.assert(
      fc.property(fc.shuffledSubarray(history, { minLength: history.length, maxLength: history.length }), fc.array(fc.constantFrom(...history), { maxLength: 6 }), (order, repeats) => {
        expect(contributions(apply([...order, ...repeats]))).toEqual(expect.arrayContaining(expected));
        expect(contributions(apply([...order, ...repeats]))).toHaveLength(expected.length);
      }),
      { numRuns: 300 },
    );
  });

  it('contribute each figure to the day it happened', () => {
    const f = sumFigures(contributions(apply(history)).map((c) => c.f));
    expect(f).toMatchObject({ requests: 1, byStatus: { closed: 1 }, solutions: 2, problemsSolved: 1, resolutionsTimed: 1, returnVisits: 2, satisfied: 1, breachesResolution: 1, escalationsCity: 1 });
    expect(f.resolvedOnTime).toBeUndefined();
    const byDay = Object.fromEntries(contributions(apply(history)).map((c) => [c.day, c]));
    expect(byDay['2025-02-01']!.f).toEqual({ solutions: 1, problemsSolved: 1 });
    expect(byDay['2025-01-12']!.m).toEqual({ served: ['e1'] });
  });
});

describe('figures', () => {
  it('takes nearest-rank percentiles from a histogram', () => {
    expect(percentile({ 30: 1, 60: 1, 600: 1, 1560: 1 }, 50)).toBe(60);
    expect(percentile({ 30: 1, 60: 1, 600: 1, 1560: 1 }, 90)).toBe(1560);
    expect(percentile({}, 50)).toBeNull();
    expect(responseKey(61 * 1000)).toBe(2);
    expect(responseKey(3 * 24 * 3600 * 1000 + 1)).toBe(4380);
  });

  it('unions member sets without double counting', () => {
    expect(unionMembers([{ served: ['a', 'b'] }, { served: ['b', 'c'], persons: ['k'] }])).toEqual({ served: ['a', 'b', 'c'], persons: ['k'] });
  });
});
