import { eventFor, SYSTEM_ACTOR, type EventActor, type OutboxEntry } from '@metrodesk/events/model';
import { assignmentAssigned, assignmentEscalated, assignmentTransferred, assignmentUnroutable } from '@metrodesk/contracts';
import type { Step } from '../domain/case';

const SOURCE = 'assignment';

/**
 * The events a step publishes; releases and reopenings are internal and publish nothing.
 * `assigneeName` is the liaison the step gave the work to, from the roster, so readers (the
 * request's timeline) name them without asking accounts or identity.
 */
export function eventsOf(step: Step, opts: { assigneeName?: string | null; correlationId?: string; actor?: EventActor } = {}): OutboxEntry[] {
  const s = step.state;
  const ref = { requestId: s.requestId, number: s.number ?? null, title: s.title, cityCode: s.cityCode, at: step.at.toISOString() };
  const actor = opts.actor ?? (step.by === 'system' ? SYSTEM_ACTOR : undefined);
  const base = { subject: s.requestId, source: SOURCE, time: step.at, correlationId: opts.correlationId, actor };
  switch (step.kind) {
    case 'assigned':
      return [
        eventFor(assignmentAssigned, {
          ...base,
          data: { ...ref, assignmentId: s.assignmentId!, assigneeId: s.assigneeId!, assigneeName: opts.assigneeName ?? null, how: step.how!, by: step.by },
        }),
      ];
    case 'unroutable':
      return [eventFor(assignmentUnroutable, { ...base, data: { ...ref, reason: step.unroutableReason ?? step.reason ?? 'no eligible liaison' } })];
    case 'transferred': {
      const out: OutboxEntry[] = [
        eventFor(assignmentTransferred, {
          ...base,
          data: { ...ref, assignmentId: s.assignmentId ?? `queued-${s.requestId}-${step.seq}`, fromAssigneeId: step.fromAssigneeId, toAssigneeId: step.toAssigneeId, toAssigneeName: step.toAssigneeId ? (opts.assigneeName ?? null) : null, toCityCode: s.cityCode, reason: step.reason ?? '', by: step.by },
        }),
      ];
      // A transfer nobody in the new city can take lands in that city's queue.
      if (!step.toAssigneeId) out.push(eventFor(assignmentUnroutable, { ...base, data: { ...ref, reason: step.unroutableReason ?? 'no eligible liaison after transfer' } }));
      return out;
    }
    case 'escalated':
      return [
        eventFor(assignmentEscalated, {
          ...base,
          data: { ...ref, level: step.level as 'city' | 'province', notifiedUserIds: step.notifiedUserIds, reason: step.reason ?? '', ...(step.escalation ?? {}) },
        }),
      ];
    default:
      return [];
  }
}
