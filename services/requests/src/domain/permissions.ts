import type { Role } from '@metrodesk/access';
import { isTerminal, type Action } from './lifecycle';
import type { ServiceRequest } from './request';

const MANAGERS: Role[] = ['city_manager', 'province_manager', 'admin', 'service'];
const STAFF: Role[] = ['liaison', ...MANAGERS];

/**
 * Who may take each action on a request the caller can already see. Work on the request
 * itself is the assignee's (or a manager's); the enterprise speaks for itself, and staff other
 * than the assignee may record its word after a phone call.
 */
export function assigneeOrManager(who: { userId: string; role: Role }, r: Pick<ServiceRequest, 'assigneeId'>): boolean {
  return MANAGERS.includes(who.role) || (who.role === 'liaison' && r.assigneeId === who.userId);
}

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
      return assigneeOrManager(who, r) ? null : `Only the assignee (${r.assigneeId ?? 'none yet'}) or a manager may ${action.replace(/_/g, ' ')}.`;
    case 'escalate':
      return staff ? null : `Only bureau staff may ${action}.`;
    // The assignment service owns transfers (it checks the target city and liaison); this
    // service only applies the transfers it publishes.
    case 'transfer':
      return who.role === 'service' ? null : 'Transfers are made through the assignment service.';
    case 'close_no_answer':
      return who.role === 'service' ? null : 'Only the return-visit deadline closes a request as no answer.';
    case 'answer':
      return null;
    // Rating one's own work would let a liaison manufacture satisfaction.
    case 'return_visit_satisfied':
    case 'return_visit_unsatisfied':
      if (r.assigneeId === who.userId) return 'The assignee cannot record the return visit on their own request; the enterprise, a manager or another liaison records it.';
      return who.role === 'enterprise' || staff ? null : 'Only the enterprise or bureau staff may record the return visit.';
    case 'withdraw':
      return who.role === 'enterprise' || (manager && who.role !== 'service') ? null : 'Only the enterprise, or a manager giving the reason, may withdraw a request.';
    case 'reopen':
      return who.role === 'enterprise' ? null : 'Only the enterprise may reopen its closed request with a complaint.';
  }
}

const ATTACHERS: Role[] = ['enterprise', 'liaison', 'city_manager', 'province_manager', 'admin'];

/**
 * Who may add a file to a request they can see: the enterprise (its own) and bureau staff in
 * scope, until the request is closed or withdrawn. Returns what stands in the way, or null.
 */
export function whyNotAttach(who: { role: Role }, r: Pick<ServiceRequest, 'state'>): 'role' | 'state' | null {
  if (!ATTACHERS.includes(who.role)) return 'role';
  return isTerminal(r.state) ? 'state' : null;
}
