import { eventFor, type OutboxEntry } from '@metrodesk/events/model';
import { clockBreached, clockEscalated, clockMet, clockPaused, clockResumed, clockStarted, clockWarning } from '@metrodesk/contracts';
import { describeTarget, dueAt, type Clock } from '../domain/clock';
import type { WorkCalendar } from '../domain/calendar';
import type { Happening } from '../domain/transitions';

const iso = (d: Date) => d.toISOString();

/** The outbox entries for what a transition did; keyed by request so a request's events stay in order. */
export function eventsFor(c: Clock, happenings: Happening[], cal: WorkCalendar | null, now: Date): OutboxEntry[] {
  const ref = (at: Date) => ({ requestId: c.requestId, cityCode: c.cityCode, cycle: c.cycle, clock: c.kind, policyId: c.policyId, policyVersion: c.policyVersion, at: iso(at) });
  const deadline = () => iso(dueAt(c, 100, cal) ?? now);
  const base = { subject: c.requestId, source: 'sla', time: now };
  return happenings.map((h) => {
    switch (h.type) {
      case 'started':
        return eventFor(clockStarted, { ...base, data: { ...ref(c.startedAt), deadline: deadline(), target: describeTarget(c) } });
      case 'paused':
        return eventFor(clockPaused, { ...base, data: ref(h.at) });
      case 'resumed':
        return eventFor(clockResumed, { ...base, data: { ...ref(h.at), deadline: deadline() } });
      case 'met':
        return eventFor(clockMet, { ...base, data: { ...ref(h.at), deadline: deadline(), elapsedMs: h.elapsedMs, withinTarget: h.withinTarget } });
      case 'mark':
        if (h.mark.kind === 'warning') return eventFor(clockWarning, { ...base, data: { ...ref(now), threshold: h.mark.percent, deadline: deadline() } });
        if (h.mark.kind === 'breach') return eventFor(clockBreached, { ...base, data: { ...ref(now), deadline: iso(h.dueAt) } });
        return eventFor(clockEscalated, { ...base, data: { ...ref(now), level: h.mark.level ?? 'city', threshold: h.mark.percent, deadline: deadline() } });
    }
  });
}
