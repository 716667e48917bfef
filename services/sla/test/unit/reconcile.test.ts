import { testLogger } from '@metrodesk/testkit';
import { openClock, type Clock } from '../../src/domain/clock';
import { reconcile, reconcileTick } from '../../src/use-cases/reconcile';
import type { ClockRepository, SlaDeps, Timer, TimerScheduler } from '../../src/use-cases/ports';

const S = 1000;
const t0 = new Date('2026-11-27T02:00:00Z');
const policy = { id: '*:normal', version: 1, responseHours: 10 / 3600, resolutionWorkingDays: 1, returnVisitWorkingDays: 5, calendarId: 'cn', warnAt: [50, 75], escalation: [] };
const clockOf = (requestId: string): Clock =>
  openClock({ requestId, cycle: 1, kind: 'response', cityCode: '210100', enterpriseId: 'e1', liaisonId: null, category: 'other', priority: 'normal', startedAt: t0, eventVersion: 1, policy }, null);

/** Redis as a map of job id -> due time, and a flag FLUSHALL clears. */
class FakeScheduler implements TimerScheduler {
  timers = new Map<string, number>();
  rebuilt = false;
  async schedule(ts: Timer[]) {
    for (const t of ts) this.timers.set(t.jobId, t.dueAt.getTime());
  }
  async ensure(ts: Timer[]) {
    for (const t of ts) if (!this.timers.has(t.jobId)) this.timers.set(t.jobId, t.dueAt.getTime());
  }
  async cancel(ids: string[]) {
    for (const id of ids) this.timers.delete(id);
  }
  async intact() {
    return this.rebuilt;
  }
  async markRebuilt() {
    this.rebuilt = true;
  }
  flushAll() {
    this.timers.clear();
    this.rebuilt = false;
  }
}

function setup(requestIds: string[]) {
  const store = new Map(requestIds.map((id) => [`${id}:1:response`, clockOf(id)]));
  const events: string[] = [];
  const open = () => [...store.values()].filter((c) => c.stoppedAt === null && c.nextDueAt !== null);
  const clocks: Partial<ClockRepository> = {
    async findById(id) {
      return store.get(id) ?? null;
    },
    async replaceIf(c, rev, evs) {
      if (store.get(c.id)?.rev !== rev) return false;
      store.set(c.id, { ...c, rev: rev + 1 });
      events.push(...evs.map((e) => `${c.requestId}:${e.event.type}`));
      return true;
    },
    async *scanScheduled() {
      yield open();
    },
    async findOverdue(before) {
      return open().filter((c) => c.nextDueAt! <= before);
    },
  };
  let now = t0;
  const scheduler = new FakeScheduler();
  const deps = {
    clocks: clocks as ClockRepository,
    scheduler,
    logger: testLogger('sla'),
    notify: () => undefined,
    calendarFor: async () => null,
    now: () => now,
  } as unknown as SlaDeps;
  return { deps, scheduler, events, store, at: (ms: number) => (now = new Date(t0.getTime() + ms)) };
}

describe('reconciliation', () => {
  it('a rebuild gives each open clock one timer, for its next mark, and fires what is already due', async () => {
    const { deps, scheduler, events, at } = setup(['a', 'b']);
    at(6 * S);
    const report = await reconcile(deps);
    expect(report).toMatchObject({ mode: 'rebuild', clocks: 2, firedNow: 2, timersEnsured: 0 });
    expect(events.sort()).toEqual(['a:sla.clock.warning', 'b:sla.clock.warning']);
    // Each firing scheduled the mark after it, and nothing else.
    expect([...scheduler.timers.entries()].sort()).toEqual([
      ['a|1|response|w75', t0.getTime() + 7.5 * S],
      ['b|1|response|w75', t0.getTime() + 7.5 * S],
    ]);
  });

  it('the periodic pass fires only overdue clocks while Redis is intact, and rebuilds after a wipe', async () => {
    const { deps, scheduler, events, at } = setup(['a']);
    await reconcile(deps);
    expect([...scheduler.timers.keys()]).toEqual(['a|1|response|w50']);
    // A live timer is not touched: 2 s past due is within the grace a busy worker may need.
    at(7 * S);
    expect(await reconcileTick(deps)).toMatchObject({ mode: 'overdue', firedNow: 0 });
    expect(events).toEqual([]);
    // The timer was lost on its own: once well overdue, the periodic pass fires it, once.
    scheduler.timers.clear();
    at(20 * S);
    expect(await reconcileTick(deps)).toMatchObject({ mode: 'overdue', firedNow: 1 });
    expect(await reconcileTick(deps)).toMatchObject({ mode: 'overdue', firedNow: 0 });
    // w50, w75 and the breach, each once.
    expect(events).toEqual(['a:sla.clock.warning', 'a:sla.clock.warning', 'a:sla.clock.breached']);
    // Redis wiped: the flag is gone with everything else, so the next tick rebuilds.
    const b = setup(['b']);
    await reconcile(b.deps);
    b.scheduler.flushAll();
    b.at(1 * S);
    expect(await reconcileTick(b.deps)).toMatchObject({ mode: 'rebuild', clocks: 1, timersEnsured: 1 });
    expect([...b.scheduler.timers.keys()]).toEqual(['b|1|response|w50']);
  });
});
