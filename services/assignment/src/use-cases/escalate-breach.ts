import { emptyCase, nextEscalation, stepOf, type Step } from '../domain/case';
import { commitStep } from './commit-step';
import type { AssignmentDeps } from './ports';
import type { ClockSignal } from './notify-sla-warning';
import { eventsOf } from './step-events';

/**
 * A breached target escalates the request one level: to the city managers, and at the next
 * breach while it is still unresolved, to the province. A request whose filing has not
 * arrived yet is held as pending, so the escalation is not lost.
 */
export async function escalateBreach(deps: AssignmentDeps, data: ClockSignal, correlationId?: string): Promise<Step | null> {
  return commitStep(deps, data.requestId, async (current) => {
    const state = current?.state ?? emptyCase(data.requestId, data.cityCode);
    if (data.cycle < state.cycle) return null;
    const level = nextEscalation(state, data.cycle, data.clock);
    if (!level) return null;
    const notified = await deps.users.managers(level === 'city' ? state.cityCode : null);
    const at = new Date(data.at);
    const reason = `${data.clock} target breached (cycle ${data.cycle}, deadline ${data.deadline})`;
    const next = { ...state, escalationLevel: level, breaches: [...state.breaches, `${data.cycle}:${data.clock}`] };
    const step = stepOf(current, 'escalated', at, 'system', next, { level, notifiedUserIds: notified, reason });
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
