/**
 * The SLA service owns the clocks; a request only shows what it last heard from them, so
 * the queue can sort and filter by deadline and state without asking anyone.
 */
export const SLA_STATES = ['none', 'on_track', 'warning', 'breached', 'met'] as const;
export type SlaState = (typeof SLA_STATES)[number];
export type ClockKind = 'response' | 'resolution';

export interface ClockView {
  status: 'running' | 'paused' | 'met' | 'breached';
  deadline: Date;
  /** Highest warning threshold reached (50, 75), or null. */
  warning: number | null;
  /** Sticky: once a target is breached it stays breached. */
  breached: boolean;
  /** Time of the last event applied, so a late event cannot roll the clock back. */
  at: Date;
}

export interface SlaView {
  cycle: number;
  response: ClockView | null;
  resolution: ClockView | null;
  state: SlaState;
  /** Nearest deadline of a clock still counting; null when none is. */
  nextDeadline: Date | null;
}

export const NO_SLA: SlaView = { cycle: 1, response: null, resolution: null, state: 'none', nextDeadline: null };

export type ClockEvent =
  | { kind: 'started' | 'resumed'; deadline: Date }
  | { kind: 'warning'; deadline: Date; threshold: number }
  | { kind: 'breached'; deadline: Date }
  | { kind: 'met'; deadline: Date; withinTarget: boolean }
  | { kind: 'paused' };

export interface SlaSignal {
  cycle: number;
  clock: ClockKind;
  at: Date;
  event: ClockEvent;
}

function applyToClock(clock: ClockView | null, s: SlaSignal): ClockView | null {
  const e = s.event;
  if (clock && s.at.getTime() < clock.at.getTime()) {
    // A late event may still carry a breach, which must never be lost; nothing else of it applies.
    return e.kind === 'breached' && !clock.breached ? { ...clock, breached: true } : clock;
  }
  const at = s.at;
  switch (e.kind) {
    case 'started':
      return { status: 'running', deadline: e.deadline, warning: null, breached: clock?.breached ?? false, at };
    case 'resumed':
      return { status: clock?.breached ? 'breached' : 'running', deadline: e.deadline, warning: clock?.warning ?? null, breached: clock?.breached ?? false, at };
    case 'warning':
      return {
        status: clock?.status === 'paused' || clock?.status === 'breached' ? clock.status : 'running',
        deadline: e.deadline,
        warning: Math.max(clock?.warning ?? 0, e.threshold),
        breached: clock?.breached ?? false,
        at,
      };
    case 'breached':
      return { status: clock?.status === 'met' ? 'met' : 'breached', deadline: e.deadline, warning: clock?.warning ?? null, breached: true, at };
    case 'met':
      return { status: 'met', deadline: e.deadline, warning: clock?.warning ?? null, breached: (clock?.breached ?? false) || !e.withinTarget, at };
    case 'paused':
      return clock ? { ...clock, status: clock.status === 'breached' ? 'breached' : 'paused', at } : null;
  }
}

const counting = (c: ClockView | null): c is ClockView => c !== null && c.status !== 'met';

export function summarize(response: ClockView | null, resolution: ClockView | null): Pick<SlaView, 'state' | 'nextDeadline'> {
  const clocks = [response, resolution].filter((c): c is ClockView => c !== null);
  const live = [response, resolution].filter(counting);
  const deadlines = live.map((c) => c.deadline.getTime());
  const nextDeadline = deadlines.length > 0 ? new Date(Math.min(...deadlines)) : null;
  let state: SlaState = 'none';
  if (clocks.some((c) => c.breached)) state = 'breached';
  else if (live.some((c) => c.warning !== null)) state = 'warning';
  else if (live.length > 0) state = 'on_track';
  else if (clocks.length > 0) state = 'met';
  return { state, nextDeadline };
}

/**
 * Folds one clock event into the view. An event of an older cycle is ignored; a newer cycle
 * (a redo) starts from blank clocks. Returns null when the event changes nothing, so a
 * duplicate costs no write.
 */
export function applySla(view: SlaView, s: SlaSignal): SlaView | null {
  if (s.cycle < view.cycle) return null;
  const base: SlaView = s.cycle > view.cycle ? { ...NO_SLA, cycle: s.cycle } : view;
  const clock = applyToClock(base[s.clock], s);
  const next = { ...base, [s.clock]: clock };
  const result: SlaView = { ...next, ...summarize(next.response, next.resolution) };
  return JSON.stringify(result) === JSON.stringify(view) ? null : result;
}
