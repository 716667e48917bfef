import type { Identity } from '@metrodesk/access';
import type { CaseState, Step } from '../domain/case';
import type { AssignmentDeps, Notification } from './ports';
import { visibleCase } from './visible-case';

/** Where a request stands, every step that brought it there, and who was told what. */
export async function getAssignment(deps: AssignmentDeps, who: Identity, requestId: string): Promise<{ current: CaseState; seq: number; history: Step[]; notifications: Notification[] }> {
  const { state, seq } = await visibleCase(deps, who, requestId);
  const [history, notifications] = await Promise.all([deps.cases.history(requestId), deps.notifications.forRequest(requestId)]);
  // Enterprise users see the assignment, not the internal notices to staff.
  return { current: state, seq, history, notifications: who.role === 'enterprise' ? [] : notifications };
}
