import { calendarIdOf, openClock, type ClockKind } from '../domain/clock';
import { eventsFor } from './clock-events';
import type { SlaDeps } from './ports';
import { resolvePolicy } from './resolve-policy';
import { syncTimers } from './sync-timers';

export interface StartClocksInput {
  requestId: string;
  enterpriseId: string;
  cityCode: string;
  category: string;
  priority: string;
  cycle: number;
  version: number;
  at: string;
}

/**
 * Filing starts the response and resolution clocks of cycle 1; a redo (unsatisfied return
 * visit or a reopen) starts both again for its cycle; resolving starts the cycle's
 * return-visit clock. Clock ids are natural keys, so a redelivered event creates nothing twice.
 */
export async function startClocks(deps: SlaDeps, input: StartClocksInput, kinds: ClockKind[]): Promise<void> {
  const tracked = await deps.requests.upsert(input.requestId, { cityCode: input.cityCode, enterpriseId: input.enterpriseId, category: input.category, priority: input.priority }, input.cycle);
  const policy = await resolvePolicy(deps, input.category, input.priority);
  const now = deps.now?.() ?? new Date();
  for (const kind of kinds) {
    const cal = await deps.calendarFor(calendarIdOf(kind, policy));
    const clock = openClock(
      { ...input, kind, startedAt: new Date(input.at), eventVersion: input.version, liaisonId: tracked.liaisonId, policy },
      cal,
    );
    if (await deps.clocks.insertIfAbsent(clock, eventsFor(clock, [{ type: 'started' }], cal, now))) {
      deps.notify();
      if (clock.calendarMissing.length > 0) deps.calendarMissing?.(clock, clock.calendarMissing);
      await syncTimers(deps, clock, cal);
    }
  }
}
