import { stepOf, type Step } from '../domain/case';
import { commitStep } from './commit-step';
import type { AssignmentDeps } from './ports';

/** A resolved, closed or withdrawn request frees its assignee's capacity. Older events change nothing. */
export async function releaseRequest(deps: AssignmentDeps, data: { requestId: string; version: number; at: string }, why: string): Promise<Step | null> {
  return commitStep(deps, data.requestId, async (current) => {
    if (!current || !current.state.filed || current.state.status === 'closed' || current.state.requestVersion >= data.version) return null;
    const state = { ...current.state, status: 'closed' as const, requestVersion: data.version };
    return { step: stepOf(current, 'released', new Date(data.at), 'system', state, { reason: why, fromAssigneeId: current.state.assigneeId }), events: [] };
  });
}
