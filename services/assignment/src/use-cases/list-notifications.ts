import type { Identity } from '@metrodesk/access';
import type { AssignmentDeps, Notification } from './ports';

/** The caller's own notifications, newest first. */
export async function listNotifications(deps: AssignmentDeps, who: Identity, limit = 50): Promise<Notification[]> {
  return deps.notifications.forUser(who.userId, limit);
}
