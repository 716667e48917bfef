import type { Role } from '@metrodesk/access';
import type { Action } from './lifecycle';
import type { ServiceRequest } from './request';

const MANAGERS: Role[] = ['city_manager', 'province_manager', 'admin', 'service'];
const STAFF: Role[] = ['liaison', ...MANAGERS];

/**
 * Who may take each action on a request the caller can already see. Work on the request
 * itself is the assignee's (or a manager's); the enterprise speaks for itself, and staff may
 * record its word after a phone call.
 */
export function whyNot(who: { userId: string; role: Role }, action: Action, r: Pick<ServiceRequest, 'assigneeId'>): string | null {
  const manager = MANAGERS.includes(who.role);
  const staff = STAFF.includes(who.role);
  switch (action) {
    case 'assign':
    case 'approve_extension':
    case 'reject_extension':
      return manager ? null : `Only a manager may ${action.replace(/_/g, ' ')}.`;
    case 'respond':
    case 'start':
    case 'ask':
    case 'resolve':
    case 'request_extension':
      return manager || (who.role === 'liaison' && r.assigneeId === who.userId) ? null : `Only the assignee (${r.assigneeId ?? 'none yet'}) or a manager may ${action.replace(/_/g, ' ')}.`;
    case 'transfer':
    case 'escalate':
      return staff ? null : `Only bureau staff may ${action}.`;
    case 'answer':
    case 'return_visit_satisfied':
    case 'return_visit_unsatisfied':
    case 'withdraw':
      return null;
  }
}
