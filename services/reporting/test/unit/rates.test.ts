import fc from 'fast-check';
import { applyAssignment, applyClockEvent, applyRequestEvent, contributions, emptyRequestFact, type ClockChange, type RequestChange, type RequestFact } from '../../src/domain/facts';
import { countMembers, sumFigures, unionMembers } from '../../src/domain/figures';
import { buildSummary } from '../../src/domain/report';

// Rates against each request's own target, computed by hand for a small fixture.
type Step =
  | { k: 'req'; version: number; cycle: number; at: string; change: RequestChange }
  | { k: 'clock'; cycle: number; clock: string; at: string; change: ClockChange }
  | { k: 'assign'; liaisonId: string | null; at: string; eventId: string };

const CITY = '210100';
const filedAt = '2026-03-02T00:00:00Z';
const h = (hours: number) => new Date(Date.parse(filedAt) + hours * 3_600_000).toISOString();
const req = (version: number, hours: number, change: RequestChange, cycle = 1): Step => ({ k: 'req', version, cycle, at: h(hours), change });
const met = (hours: number, withinTarget: boolean, cycle = 1, clock = 'response'): Step => ({ k: 'clock', cycle, clock, at: h(hours), change: { type: 'met', withinTarget } });
const breached = (hours: number, cycle = 1, clock = 'response'): Step => ({ k: 'clock', cycle, clock, at: h(hours), change: { type: 'breached' } });
const assign = (liaisonId: string | null, hours = 0.1, eventId = `a-${liaisonId}`): Step => ({ k: 'assign', liaisonId, at: h(hours), eventId });

function fact(requestId: string, priority: string, steps: Step[], category = 'energy_metrology'): RequestFact {
  return steps.reduce<RequestFact>((f, s) => {
    if (s.k === 'req') return applyRequestEvent(f, { requestId, enterpriseId: `e-${requestId}`, cityCode: CITY, category, priority, version: s.version, cycle: s.cycle, at: s.at }, s.change);
    if (s.k === 'clock') return applyClockEvent(f, { cityCode: CITY, cycle: s.cycle, clock: s.clock, at: s.at }, s.change);
    return applyAssignment(f, { cityCode: CITY, liaisonId: s.liaisonId, at: s.at, eventId: s.eventId });
  }, emptyRequestFact(requestId));
}

const filed = req(1, 0, { type: 'filed' });
const histories: Record<string, { priority: string; steps: Step[]; category?: string }> = {
  // normal (24 h): answered at 20 h, on target; satisfied.
  A: { priority: 'normal', steps: [filed, assign('L1'), req(2, 20, { type: 'responded' }), met(20, true), req(3, 30, { type: 'resolved', solved: true, solutionKind: 'other' }), req(4, 40, { type: 'closed', satisfied: true })] },
  // normal: answered at 30 h, breached at 24 h: late, and outside the 24-hour promise too.
  B: { priority: 'normal', steps: [filed, assign('L1'), breached(24), req(2, 30, { type: 'responded' }), met(30, false)] },
  // urgent (8 h): answered at 10 h: late against its own target, yet within the 24-hour promise.
  C: { priority: 'urgent', category: 'test_solution', steps: [filed, assign('L2'), breached(8), req(2, 10, { type: 'responded' }), met(10, false)] },
  // emergency (2 h): on target in cycle 1; unsatisfied return visit; the redo's response is late.
  D: {
    priority: 'emergency',
    steps: [
      filed,
      assign('L3', 0.05, 'a-first'),
      assign('L2', 0.5, 'a-transfer'),
      req(2, 1, { type: 'responded' }),
      met(1, true),
      req(3, 5, { type: 'resolved', solved: false, solutionKind: 'other' }),
      met(5, true, 1, 'resolution'),
      req(4, 20, { type: 'reopened', satisfaction: 2 }, 2),
      met(20, true, 1, 'return_visit'),
      breached(22, 2),
      req(5, 23, { type: 'responded' }, 2),
      met(23, false, 2),
      req(6, 40, { type: 'resolved', solved: true, solutionKind: 'other' }, 2),
      req(7, 50, { type: 'closed', satisfied: true }, 2),
    ],
  },
  // emergency, never assigned: the response clock breached and nobody answered.
  E: { priority: 'emergency', steps: [filed, breached(2)] },
  // normal: on target; closed as "no answer" by the requests service.
  F: { priority: 'normal', steps: [filed, assign('L1'), req(2, 5, { type: 'responded' }), met(5, true), req(3, 6, { type: 'resolved', solved: true, solutionKind: 'other' }), req(4, 200, { type: 'closed', satisfied: null, outcome: 'no_answer' })] },
  // urgent: closed without a verdict after the return-visit deadline passed (no `outcome` sent).
  G: { priority: 'urgent', steps: [filed, assign('L1'), req(2, 6, { type: 'resolved', solved: true, solutionKind: 'other' }), breached(150, 1, 'return_visit'), req(3, 151, { type: 'closed', satisfied: null })] },
};

function summary(facts: RequestFact[]) {
  const cs = facts.flatMap(contributions);
  return buildSummary({ code: CITY, name: '沈阳市', nameEn: 'Shenyang', level: 'city' }, { from: '2026-03-01', to: '2026-03-31' }, sumFigures(cs.map((c) => c.f)), countMembers(unionMembers(cs.map((c) => c.m))));
}

const all = () => Object.entries(histories).map(([id, x]) => fact(id, x.priority, x.steps, x.category));

describe('rates against each request own target', () => {
  it('counts every cycle response against its own target, by priority, category and liaison', () => {
    const s = summary(all());
    // Samples: A on, B late, C late, D1 on, D2 late, E late, F on.
    expect(s.responseOnTarget).toEqual({ count: 3, of: 7, rate: 42.9 });
    expect(s.responseOnTargetBy.priority).toEqual({
      normal: { count: 2, of: 3, rate: 66.7 },
      urgent: { count: 0, of: 1, rate: 0 },
      emergency: { count: 1, of: 3, rate: 33.3 },
    });
    expect(s.responseOnTargetBy.category.energy_metrology).toEqual({ count: 3, of: 6, rate: 50 });
    expect(s.responseOnTargetBy.category.test_solution).toEqual({ count: 0, of: 1, rate: 0 });
    expect(s.responseOnTargetBy.category.training_request).toEqual({ count: 0, of: 0, rate: null });
    // The 24-hour promise stays its own figure: first responses of A, C, D, F within 24 h of 6 due.
    expect(s.responseWithin24h).toEqual({ count: 4, of: 6, rate: 66.7 });
  });

  it('keeps "no answer" out of the satisfaction rate and counts it apart, per liaison too', () => {
    const s = summary(all());
    // Verdicts: A satisfied, D cycle 1 unsatisfied, D cycle 2 satisfied.
    expect(s.satisfaction).toEqual({ count: 2, of: 3, rate: 66.7 });
    expect(s.noAnswer).toBe(2);
    expect(s.byLiaison).toEqual([
      { liaisonId: null, response: { count: 0, of: 1, rate: 0 }, satisfaction: { count: 0, of: 0, rate: null }, noAnswer: 0 },
      { liaisonId: 'L1', response: { count: 2, of: 3, rate: 66.7 }, satisfaction: { count: 1, of: 1, rate: 100 }, noAnswer: 2 },
      { liaisonId: 'L2', response: { count: 1, of: 3, rate: 33.3 }, satisfaction: { count: 1, of: 2, rate: 50 }, noAnswer: 0 },
    ]);
    // Return-visit breaches are not response or resolution breaches.
    expect(s.breaches).toEqual({ total: 4, response: 4, resolution: 0 });
  });

  it('does not count a complaint reopen as a return visit', () => {
    const steps = [...histories.A!.steps, req(5, 100, { type: 'reopened', satisfaction: 1, reason: 'complaint' }, 2)];
    expect(summary([fact('A', 'normal', steps)]).satisfaction).toEqual({ count: 1, of: 1, rate: 100 });
  });

  it('gives the same figures whatever order the events come in, repeated or late', () => {
    const steps = histories.D!.steps;
    const expected = contributions(fact('D', 'emergency', steps));
    fc.assert(
      fc.property(fc.shuffledSubarray(steps, { minLength: steps.length, maxLength: steps.length }), fc.array(fc.constantFrom(...steps), { maxLength: 5 }), (order, repeats) => {
        const got = contributions(fact('D', 'emergency', [...order, ...repeats]));
        expect(got).toHaveLength(expected.length);
        expect(got).toEqual(expect.arrayContaining(expected));
      }),
      { numRuns: 200 },
    );
  });
});
