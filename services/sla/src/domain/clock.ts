import { missingYears, type WorkCalendar } from './calendar';
import { countedBetween, instantAfterCounted, type Basis, type Pause } from './deadline';
import { HOUR_MS, WORKING_DAY_MS, type EscalationLevel, type Policy } from './policy';

export const CLOCK_KINDS = ['response', 'resolution', 'return_visit'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

/**
 * The return visit is the enterprise's verdict, not the bureau's work: it warns halfway (for
 * the reminder) and its breach closes the request as "no answer"; nobody is escalated.
 */
export const RETURN_VISIT_WARN_AT = [50];

/** A point on a clock that fires once: a warning, the breach, an escalation. */
export interface Mark {
  key: string;
  kind: 'warning' | 'breach' | 'escalation';
  percent: number;
  level?: EscalationLevel;
}

export interface Firing {
  mark: string;
  dueAt: Date;
  at: Date;
}

export interface Clock {
  id: string;
  requestId: string;
  cycle: number;
  kind: ClockKind;
  cityCode: string;
  enterpriseId: string;
  liaisonId: string | null;
  category: string;
  priority: string;
  policyId: string;
  policyVersion: number;
  basis: Basis;
  targetMs: number;
  /** Working time added by approved extensions. */
  extensionMs: number;
  marks: Mark[];
  calendarId: string | null;
  startedAt: Date;
  pauses: { from: Date; to: Date | null }[];
  stoppedAt: Date | null;
  outcome: 'met' | 'cancelled' | null;
  withinTarget: boolean | null;
  fired: string[];
  firings: Firing[];
  breached: boolean;
  breachedAt: Date | null;
  /** Derived, stored so lists and reconciliation can query them. */
  deadline: Date | null;
  nextDueAt: Date | null;
  /**
   * Years the deadline's count crossed that the calendar does not cover: the deadline is a
   * weekend-rule estimate until that year's notice is loaded. Empty when the count is exact.
   */
  calendarMissing: number[];
  /** The newest request event applied; older or repeated events change nothing. */
  lastEventVersion: number;
  /** Revision of this document, for conditional updates. */
  rev: number;
}

export const clockId = (requestId: string, cycle: number, kind: ClockKind) => `${requestId}:${cycle}:${kind}`;

/** BullMQ refuses ':' in custom ids, so the deterministic job id uses '|'. */
export const jobId = (requestId: string, cycle: number, kind: ClockKind, mark: string) => `${requestId}|${cycle}|${kind}|${mark}`;

export function marksFor(kind: ClockKind, p: Pick<Policy, 'warnAt' | 'escalation'>): Mark[] {
  const warnAt = kind === 'return_visit' ? RETURN_VISIT_WARN_AT : p.warnAt;
  const escalation = kind === 'return_visit' ? [] : p.escalation;
  const marks: Mark[] = [
    ...warnAt.map((w): Mark => ({ key: `w${w}`, kind: 'warning', percent: w })),
    { key: 'breach', kind: 'breach', percent: 100 },
    ...escalation.map((e): Mark => ({ key: `esc-${e.level}`, kind: 'escalation', percent: e.atPercent, level: e.level })),
  ];
  const order = { warning: 0, breach: 1, escalation: 2 };
  return marks.sort((a, b) => a.percent - b.percent || order[a.kind] - order[b.kind]);
}

type Targets = Pick<Policy, 'responseHours' | 'resolutionWorkingDays' | 'returnVisitWorkingDays' | 'calendarId'>;

export function targetOf(kind: ClockKind, p: Targets): { basis: Basis; targetMs: number; calendarId: string | null } {
  if (kind === 'response') return { basis: 'calendar_hours', targetMs: Math.round(p.responseHours * HOUR_MS), calendarId: null };
  const days = kind === 'resolution' ? p.resolutionWorkingDays : p.returnVisitWorkingDays;
  return { basis: 'working_days', targetMs: Math.round(days * WORKING_DAY_MS), calendarId: p.calendarId };
}

/** The calendar a clock of this kind counts on: none for calendar hours. */
export const calendarIdOf = (kind: ClockKind, p: Pick<Policy, 'calendarId'>): string | null => (kind === 'response' ? null : p.calendarId);

export function describeTarget(c: Pick<Clock, 'basis' | 'targetMs' | 'extensionMs'>): string {
  const ms = c.targetMs + c.extensionMs;
  return c.basis === 'calendar_hours' ? `${+(ms / HOUR_MS).toFixed(6)} calendar hours` : `${+(ms / WORKING_DAY_MS).toFixed(6)} working days`;
}

const pausesMs = (c: Pick<Clock, 'pauses'>): Pause[] => c.pauses.map((p) => ({ from: p.from.getTime(), to: p.to ? p.to.getTime() : null }));

type Timing = Pick<Clock, 'basis' | 'targetMs' | 'extensionMs' | 'startedAt' | 'pauses'>;

export function dueAt(c: Timing, percent: number, cal: WorkCalendar | null): Date | null {
  const t = instantAfterCounted(c.startedAt.getTime(), ((c.targetMs + c.extensionMs) * percent) / 100, c.basis, cal, pausesMs(c));
  return t === null ? null : new Date(t);
}

export function elapsedMs(c: Timing & Pick<Clock, 'stoppedAt'>, cal: WorkCalendar | null, now: Date): number {
  const end = c.stoppedAt ?? now;
  return countedBetween(c.startedAt.getTime(), end.getTime(), c.basis, cal, pausesMs(c));
}

export const isPaused = (c: Pick<Clock, 'pauses'>) => c.pauses.some((p) => p.to === null);
export const isOpen = (c: Pick<Clock, 'stoppedAt'>) => c.stoppedAt === null;

/** Unfired marks of an open clock with the time each is due; none while paused. */
export function pendingMarks(c: Clock, cal: WorkCalendar | null): { mark: Mark; dueAt: Date }[] {
  if (!isOpen(c)) return [];
  const out: { mark: Mark; dueAt: Date }[] = [];
  for (const mark of c.marks) {
    if (c.fired.includes(mark.key)) continue;
    const due = dueAt(c, mark.percent, cal);
    if (due) out.push({ mark, dueAt: due });
  }
  return out;
}

/**
 * The one mark a clock needs a timer for: its earliest unfired mark (marks are kept in due
 * order), none while paused or stopped. Only this mark is scheduled; firing it schedules the next.
 */
export function nextMark(c: Clock, cal: WorkCalendar | null): { mark: Mark; dueAt: Date; jobId: string } | null {
  if (!isOpen(c)) return null;
  for (const mark of c.marks) {
    if (c.fired.includes(mark.key)) continue;
    const due = dueAt(c, mark.percent, cal);
    return due ? { mark, dueAt: due, jobId: jobId(c.requestId, c.cycle, c.kind, mark.key) } : null;
  }
  return null;
}

/** Recomputes the stored derived fields after any change to timing, pauses or fired marks. */
export function derived(c: Clock, cal: WorkCalendar | null): Pick<Clock, 'deadline' | 'nextDueAt' | 'calendarMissing'> {
  const deadline = dueAt(c, 100, cal);
  return { deadline, nextDueAt: nextMark(c, cal)?.dueAt ?? null, calendarMissing: calendarMissingOf(c, deadline, cal) };
}

/** While paused the deadline is unknown; the years up to the pause are what was counted. */
function calendarMissingOf(c: Pick<Clock, 'basis' | 'startedAt' | 'pauses'>, deadline: Date | null, cal: WorkCalendar | null): number[] {
  if (c.basis !== 'working_days' || !cal) return [];
  const until = deadline?.getTime() ?? Math.max(c.startedAt.getTime(), ...c.pauses.map((p) => p.from.getTime()));
  return missingYears(cal, c.startedAt.getTime(), until);
}

export interface ClockView {
  elapsedMs: number;
  remainingMs: number | null;
  percent: number;
  paused: boolean;
  deadline: Date | null;
}

export function viewOf(c: Clock, cal: WorkCalendar | null, now: Date): ClockView {
  const elapsed = elapsedMs(c, cal, now);
  const target = c.targetMs + c.extensionMs;
  return {
    elapsedMs: elapsed,
    remainingMs: isOpen(c) ? target - elapsed : null,
    percent: target > 0 ? Math.round((elapsed / target) * 1000) / 10 : 100,
    paused: isPaused(c),
    deadline: dueAt(c, 100, cal),
  };
}

/** At risk: open, past a warning, not (yet) breached. */
export const riskOf = (c: Pick<Clock, 'stoppedAt' | 'breached' | 'fired'>): 'breached' | 'at_risk' | 'ok' => (c.breached ? 'breached' : isOpen(c) && c.fired.length > 0 ? 'at_risk' : 'ok');

export interface OpenClockInput extends Pick<Clock, 'requestId' | 'cycle' | 'kind' | 'cityCode' | 'enterpriseId' | 'liaisonId' | 'category' | 'priority'> {
  startedAt: Date;
  eventVersion: number;
  policy: Pick<Policy, 'id' | 'version' | 'warnAt' | 'escalation'> & Targets;
}

export function openClock(i: OpenClockInput, cal: WorkCalendar | null): Clock {
  const c: Clock = {
    id: clockId(i.requestId, i.cycle, i.kind),
    requestId: i.requestId,
    cycle: i.cycle,
    kind: i.kind,
    cityCode: i.cityCode,
    enterpriseId: i.enterpriseId,
    liaisonId: i.liaisonId,
    category: i.category,
    priority: i.priority,
    policyId: i.policy.id,
    policyVersion: i.policy.version,
    ...targetOf(i.kind, i.policy),
    extensionMs: 0,
    marks: marksFor(i.kind, i.policy),
    startedAt: i.startedAt,
    pauses: [],
    stoppedAt: null,
    outcome: null,
    withinTarget: null,
    fired: [],
    firings: [],
    breached: false,
    breachedAt: null,
    deadline: null,
    nextDueAt: null,
    calendarMissing: [],
    lastEventVersion: i.eventVersion,
    rev: 1,
  };
  return { ...c, ...derived(c, cal) };
}
