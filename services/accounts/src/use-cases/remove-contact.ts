import type { Identity } from '@metrodesk/access';
import { removeContact as remove } from '../domain/contact';
import type { AccountsDeps } from './ports';
import { editContacts } from './contacts-common';

/** Removes a contact; if it was the primary one, the oldest remaining becomes primary. */
export async function removeContact(deps: AccountsDeps, who: Identity, enterpriseId: string, contactId: string): Promise<void> {
  await editContacts(deps, who, enterpriseId, (current) => ({ list: remove(current, contactId), events: [] }));
}
