import { actorFor, type Identity } from '@metrodesk/access';
import { eventFor } from '@metrodesk/events/model';
import { contactRemoved } from '@metrodesk/contracts';
import { removeContact as remove } from '../domain/contact';
import type { AccountsDeps } from './ports';
import { editContacts } from './contacts-common';

/** Removes a contact; if it was the primary one, the oldest remaining becomes primary. */
export async function removeContact(deps: AccountsDeps, who: Identity, enterpriseId: string, contactId: string): Promise<void> {
  const now = deps.now?.() ?? new Date();
  await editContacts(deps, who, enterpriseId, (current) => {
    const gone = current.find((c) => c.id === contactId);
    const list = remove(current, contactId);
    const data = { enterpriseId, contactId, name: gone!.name };
    return { list, events: [eventFor(contactRemoved, { subject: enterpriseId, source: 'accounts', time: now, actor: actorFor(who), data })] };
  });
}
