import type { http } from '@metrodesk/contracts';
import type { WorkCalendar } from '../domain/calendar';
import { describeTarget, riskOf, viewOf, type Clock } from '../domain/clock';
import type { Policy } from '../domain/policy';
import { coveredYears } from '../domain/calendar';
import type { StoredCalendar } from '../use-cases/ports';

export type Api = http.sla.components['schemas'];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toClockDto(c: Clock, cal: WorkCalendar | null, now: Date): Api['Clock'] {
  const v = viewOf(c, cal, now);
  return {
    id: c.id,
    requestId: c.requestId,
    cycle: c.cycle,
    kind: c.kind,
    cityCode: c.cityCode,
    liaisonId: c.liaisonId,
    policyId: c.policyId,
    policyVersion: c.policyVersion,
    basis: c.basis,
    target: describeTarget(c),
    targetMs: c.targetMs + c.extensionMs,
    startedAt: c.startedAt.toISOString(),
    deadline: iso(v.deadline),
    elapsedMs: Math.round(v.elapsedMs),
    remainingMs: v.remainingMs === null ? null : Math.round(v.remainingMs),
    percent: v.percent,
    paused: v.paused,
    pauses: c.pauses.map((p) => ({ from: p.from.toISOString(), to: iso(p.to) })),
    breached: c.breached,
    breachedAt: iso(c.breachedAt),
    stoppedAt: iso(c.stoppedAt),
    outcome: c.outcome,
    withinTarget: c.withinTarget,
    calendarMissing: c.calendarMissing,
    firings: c.firings.map((f) => ({ mark: f.mark, dueAt: f.dueAt.toISOString(), at: f.at.toISOString() })),
    status: riskOf(c),
  };
}

export function toPolicyDto(p: Policy): Api['Policy'] {
  return { ...p, createdAt: p.createdAt.toISOString() };
}

export function toCalendarDto(c: StoredCalendar & { missingYears: number[] }): Api['Calendar'] {
  return { ...c, years: coveredYears(c), updatedAt: c.updatedAt.toISOString() };
}
