import { emptyCase, escalationTo, stepOf, type EscalationCause, type Step } from '../domain/case';
import { commitStep } from './commit-step';
import type { AssignmentDeps } from './ports';
import { eventsOf } from './step-events';

const REQUEST_CLOCKS = ['response', 'resolution'] as const;
export const isRequestClock = (clock: string): clock is EscalationCause['clock'] => (REQUEST_CLOCKS as readonly string[]).includes(clock);

export interface EscalationSignal {
  requestId: string;
  cityCode: string;
  cycle: number;
  clock: string;
  level: 'city' | 'province';
  threshold: number;
  deadline: string;
  at: string;
}

/**
 * A step of the SLA policy's escalation chain (city manager, then province, at the policy's
 * percentages of the target) sets the request's escalation level and tells that level's
 * managers. A level is never lowered, so a repeated or late step writes nothing. A request
 * whose filing has not arrived yet is held as pending, so the escalation is not lost.
 */
export async function escalateByPolicy(deps: AssignmentDeps, data: EscalationSignal, correlationId?: string): Promise<Step | null> {
  const clock = data.clock;
  if (!isRequestClock(clock)) return null;
  return commitStep(deps, data.requestId, async (current) => {
    const state = current?.state ?? emptyCase(data.requestId, data.cityCode);
    const level = escalationTo(state, data);
    if (!level) return null;
    const notified = await deps.users.managers(level === 'city' ? state.cityCode : null);
    const at = new Date(data.at);
    const escalation: EscalationCause = { clock, threshold: data.threshold, deadline: data.deadline, cycle: data.cycle };
    const reason = `${clock} target at ${data.threshold}% (deadline ${data.deadline}, cycle ${data.cycle})`;
    const next = { ...state, cycle: Math.max(state.cycle, data.cycle), escalationLevel: level };
    const step = stepOf(current, 'escalated', at, 'system', next, { level, notifiedUserIds: notified, reason, escalation });
    const notifications = notified.map((userId) => ({
      id: `${data.requestId}:${step.seq}:escalation:${userId}`,
      userId,
      requestId: data.requestId,
      kind: 'escalation' as const,
      cityCode: state.cityCode,
      message: `Request ${data.requestId} escalated to the ${level}: ${reason}`,
      at,
    }));
    return { step, events: eventsOf(step, { correlationId }), notifications };
  });
}
