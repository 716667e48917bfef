/** What the contact use cases share: loading an enterprise's contacts for a caller, and editing them. */
import { canSee, type Identity } from '@metrodesk/access';
import type { OutboxEntry } from '@metrodesk/events/model';
import { ConflictError, NotFoundError } from '@metrodesk/errors';
import type { Contact } from '../domain/contact';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from './ports';

/** Bureau staff of the enterprise's city, province-wide staff, and the enterprise itself. */
export function mayEditContacts(who: Identity, e: Enterprise): boolean {
  return who.role !== 'service' && canSee(who, { cityCode: e.cityCode, enterpriseId: e.id });
}

export async function loadContacts(deps: AccountsDeps, who: Identity, enterpriseId: string) {
  const found = await deps.enterprises.contactsOf(enterpriseId);
  if (!found || !canSee(who, { cityCode: found.enterprise.cityCode, enterpriseId })) throw new NotFoundError('enterprise', enterpriseId);
  return found;
}


/**
 * Applies an edit to the contact list and stores it with its events. The caller sends no
 * version for contacts, so a concurrent edit is retried on the fresh list a few times.
 */
export async function editContacts(deps: AccountsDeps, who: Identity, enterpriseId: string, apply: (list: Contact[]) => { list: Contact[]; events: OutboxEntry[] }): Promise<Contact[]> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { enterprise, contacts, rev } = await loadContacts(deps, who, enterpriseId);
    if (!mayEditContacts(who, enterprise)) throw new NotFoundError('enterprise', enterpriseId);
    const { list, events } = apply(contacts);
    if (await deps.enterprises.saveContacts(enterpriseId, rev, list, events)) {
      if (events.length > 0) deps.notify();
      return list;
    }
  }
  throw new ConflictError('contacts_busy', 'The contacts of this enterprise are being changed by someone else; try again.');
}
