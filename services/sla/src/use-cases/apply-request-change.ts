import { clockId, type ClockKind } from '../domain/clock';
import { WORKING_DAY_MS } from '../domain/policy';
import { extend, pause, resume, stop, type Transition } from '../domain/transitions';
import type { Clock } from '../domain/clock';
import type { WorkCalendar } from '../domain/calendar';
import type { SlaDeps } from './ports';
import { mutateClock } from './mutate-clock';

export type RequestChange =
  | { type: 'responded' }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'resolved' }
  | { type: 'closed' }
  | { type: 'ended' }
  | { type: 'extended'; workingDays: number };

export interface RequestChangeInput {
  requestId: string;
  cycle: number;
  version: number;
  at: string;
}

type Step = (c: Clock, cal: WorkCalendar | null) => Transition;

/** Which clocks of the cycle a request event touches, and how. */
function plan(change: RequestChange, at: Date): [ClockKind, Step][] {
  switch (change.type) {
    case 'responded':
      return [['response', (c, cal) => stop(c, at, 'met', cal)]];
    case 'paused':
      return [['resolution', (c, cal) => pause(c, at, cal)]];
    case 'resumed':
      return [['resolution', (c, cal) => resume(c, at, cal)]];
    case 'resolved':
      // Resolving also answers the request if nobody had responded before.
      return [
        ['response', (c, cal) => stop(c, at, 'met', cal)],
        ['resolution', (c, cal) => stop(c, at, 'met', cal)],
      ];
    case 'closed':
      // Closing ends the wait for the return visit, whether it was made or the request
      // closed as "no answer" after the breach (which stays recorded).
      return [
        ['response', (c, cal) => stop(c, at, 'cancelled', cal)],
        ['resolution', (c, cal) => stop(c, at, 'cancelled', cal)],
        ['return_visit', (c, cal) => stop(c, at, 'met', cal)],
      ];
    case 'ended':
      return [
        ['response', (c, cal) => stop(c, at, 'cancelled', cal)],
        ['resolution', (c, cal) => stop(c, at, 'cancelled', cal)],
        ['return_visit', (c, cal) => stop(c, at, 'cancelled', cal)],
      ];
    case 'extended':
      return [['resolution', (c, cal) => extend(c, change.workingDays * WORKING_DAY_MS, cal)]];
  }
}

/**
 * Applies a request event to the clocks of its cycle. Each clock remembers the newest event
 * version it applied, so a duplicate or late event changes nothing (no double pause, no
 * extension counted twice).
 */
export async function applyRequestChange(deps: SlaDeps, input: RequestChangeInput, change: RequestChange): Promise<void> {
  const at = new Date(input.at);
  for (const [kind, step] of plan(change, at)) {
    await mutateClock(deps, clockId(input.requestId, input.cycle, kind), (c, cal) => step(c, cal), { eventVersion: input.version });
  }
}
