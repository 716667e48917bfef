import fc from 'fast-check';
import { applySla, NO_SLA, type SlaSignal, type SlaView, type ClockEvent } from '../../src/domain/sla';

const t = (min: number) => new Date(Date.UTC(2026, 2, 2, 8, min));
const signal = (event: ClockEvent, atMin: number, over: Partial<SlaSignal> = {}): SlaSignal => ({ cycle: 1, clock: 'response', at: t(atMin), event, ...over });
const fold = (signals: SlaSignal[], start: SlaView = NO_SLA) => signals.reduce((v, s) => applySla(v, s) ?? v, start);

describe('SLA view', () => {
  it('follows a clock through start, warning, breach and met', () => {
    const started = fold([signal({ kind: 'started', deadline: t(60) }, 0)]);
    expect(started).toMatchObject({ state: 'on_track', nextDeadline: t(60), response: { status: 'running', warning: null, breached: false } });
    const warned = fold([signal({ kind: 'warning', deadline: t(60), threshold: 50 }, 30), signal({ kind: 'warning', deadline: t(60), threshold: 75 }, 45)], started);
    expect(warned).toMatchObject({ state: 'warning', response: { warning: 75 } });
    const breached = fold([signal({ kind: 'breached', deadline: t(60) }, 60)], warned);
    expect(breached).toMatchObject({ state: 'breached', nextDeadline: t(60) });
    const met = fold([signal({ kind: 'met', deadline: t(60), withinTarget: false }, 70)], breached);
    expect(met).toMatchObject({ state: 'breached', nextDeadline: null, response: { status: 'met', breached: true } });
  });

  it('takes the nearest deadline of the clocks still counting, and met when all are met', () => {
    const v = fold([
      signal({ kind: 'started', deadline: t(50) }, 0),
      signal({ kind: 'started', deadline: t(30) }, 0, { clock: 'resolution' }),
    ]);
    expect(v.nextDeadline).toEqual(t(30));
    const done = fold([signal({ kind: 'met', deadline: t(50), withinTarget: true }, 5), signal({ kind: 'met', deadline: t(30), withinTarget: true }, 6, { clock: 'resolution' })], v);
    expect(done).toMatchObject({ state: 'met', nextDeadline: null });
  });

  it('pauses and resumes with a new deadline; a paused clock still sorts by its deadline', () => {
    const v = fold([signal({ kind: 'started', deadline: t(60) }, 0, { clock: 'resolution' }), signal({ kind: 'paused' }, 10, { clock: 'resolution' })]);
    expect(v.resolution).toMatchObject({ status: 'paused' });
    const resumed = fold([signal({ kind: 'resumed', deadline: t(80) }, 30, { clock: 'resolution' })], v);
    expect(resumed).toMatchObject({ state: 'on_track', nextDeadline: t(80), resolution: { status: 'running' } });
  });

  it('starts blank for a new cycle and ignores an older one', () => {
    const c1 = fold([signal({ kind: 'breached', deadline: t(10) }, 10)]);
    const c2 = fold([signal({ kind: 'started', deadline: t(90) }, 20, { cycle: 2 })], c1);
    expect(c2).toMatchObject({ cycle: 2, state: 'on_track', response: { breached: false } });
    expect(applySla(c2, signal({ kind: 'breached', deadline: t(10) }, 30, { cycle: 1 }))).toBeNull();
  });

  it('returns null for a duplicate, so it costs no write', () => {
    const s = signal({ kind: 'started', deadline: t(60) }, 0);
    expect(applySla(fold([s]), s)).toBeNull();
  });

  const anySignal = fc.record({
    cycle: fc.integer({ min: 1, max: 2 }),
    clock: fc.constantFrom('response' as const, 'resolution' as const),
    at: fc.integer({ min: 0, max: 100 }).map(t),
    event: fc.oneof(
      fc.record({ kind: fc.constant('started' as const), deadline: fc.integer({ min: 0, max: 200 }).map(t) }),
      fc.record({ kind: fc.constant('resumed' as const), deadline: fc.integer({ min: 0, max: 200 }).map(t) }),
      fc.record({ kind: fc.constant('warning' as const), deadline: fc.integer({ min: 0, max: 200 }).map(t), threshold: fc.constantFrom(50, 75) }),
      fc.record({ kind: fc.constant('breached' as const), deadline: fc.integer({ min: 0, max: 200 }).map(t) }),
      fc.record({ kind: fc.constant('met' as const), deadline: fc.integer({ min: 0, max: 200 }).map(t), withinTarget: fc.boolean() }),
      fc.record({ kind: fc.constant('paused' as const) }),
    ),
  }) as fc.Arbitrary<SlaSignal>;

  it('never forgets a breach within a cycle, in any order, with any duplicates', () => {
    fc.assert(
      fc.property(fc.array(anySignal, { maxLength: 30 }), (signals) => {
        const v = fold(signals);
        const lastCycle = Math.max(1, ...signals.map((s) => s.cycle));
        const breachedInCycle = signals.some((s) => s.cycle === lastCycle && s.event.kind === 'breached');
        const twice = fold([...signals, ...signals]);
        return (!breachedInCycle || v.state === 'breached') && v.cycle === lastCycle && (breachedInCycle ? twice.state === 'breached' : true);
      }),
      { numRuns: 1000 },
    );
  });
});
