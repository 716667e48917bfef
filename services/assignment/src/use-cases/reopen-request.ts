import { stepOf, type Step } from '../domain/case';
import { commitStep } from './commit-step';
import type { AssignmentDeps } from './ports';

/**
 * An unsatisfied return visit sends the request back to whoever held it, for a new SLA
 * cycle whose escalation starts at none (unless an escalation step of that cycle already
 * arrived); with nobody holding it, it goes back to the queue.
 */
export async function reopenRequest(deps: AssignmentDeps, data: { requestId: string; version: number; cycle: number; at: string }): Promise<Step | null> {
  return commitStep(deps, data.requestId, async (current) => {
    if (!current || current.state.requestVersion >= data.version) return null;
    const s = current.state;
    const escalationLevel = s.cycle >= data.cycle ? s.escalationLevel : ('none' as const);
    const state = { ...s, status: s.assigneeId ? ('assigned' as const) : ('queued' as const), requestVersion: data.version, cycle: Math.max(s.cycle, data.cycle), escalationLevel };
    return { step: stepOf(current, 'reopened', new Date(data.at), 'system', state, { reason: `reopened for cycle ${data.cycle}`, toAssigneeId: s.assigneeId }), events: [] };
  });
}
