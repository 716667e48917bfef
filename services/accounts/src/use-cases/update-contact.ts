import type { Identity } from '@metrodesk/access';
import { updateContact as update, type Contact, type ContactInput } from '../domain/contact';
import type { AccountsDeps } from './ports';
import { editContacts } from './contacts-common';

/** Changes a contact; `primary: true` makes it the one primary contact. */
export async function updateContact(deps: AccountsDeps, who: Identity, enterpriseId: string, contactId: string, patch: Partial<ContactInput>): Promise<Contact> {
  const list = await editContacts(deps, who, enterpriseId, (current) => ({ list: update(current, contactId, patch), events: [] }));
  return list.find((c) => c.id === contactId)!;
}
