import { requireRole, type Identity } from '@metrodesk/access';
import type { DeliveryRepository, EmailDelivery } from './ports';

/** Emails the mail server refused for good (a wrong or closed address), for an admin to fix. */
export async function failedEmails(deps: { deliveries: DeliveryRepository }, who: Identity, limit: number): Promise<EmailDelivery[]> {
  requireRole(who, 'admin');
  return deps.deliveries.failed(limit);
}
