import { stepOf, type Step } from '../domain/case';
import { commitStep } from './commit-step';
import type { AssignmentDeps } from './ports';

/**
 * An unsatisfied return visit sends the request back to whoever held it, for a new SLA
 * cycle with a clean escalation ladder; with nobody holding it, it goes back to the queue.
 */
export async function reopenRequest(deps: AssignmentDeps, data: { requestId: string; version: number; cycle: number; at: string }): Promise<Step | null> {
  return commitStep(deps, data.requestId, async (current) => {
    if (!current || current.state.requestVersion >= data.version) return null;
    const s = current.state;
    const state = { ...s, status: s.assigneeId ? ('assigned' as const) : ('queued' as const), requestVersion: data.version, cycle: data.cycle, escalationLevel: 'none' as const };
    return { step: stepOf(current, 'reopened', new Date(data.at), 'system', state, { reason: `reopened for cycle ${data.cycle}`, toAssigneeId: s.assigneeId }), events: [] };
  });
}
