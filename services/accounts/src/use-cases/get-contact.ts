import type { Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { Contact } from '../domain/contact';
import type { AccountsDeps } from './ports';
import { loadContacts, mayEditContacts } from './contacts-common';

/** One contact; `wholePhone` says whether this caller may see the number unmasked. */
export async function getContact(deps: AccountsDeps, who: Identity, enterpriseId: string, contactId: string): Promise<{ contact: Contact; wholePhone: boolean }> {
  const { enterprise, contacts } = await loadContacts(deps, who, enterpriseId);
  const contact = contacts.find((c) => c.id === contactId);
  if (!contact) throw new NotFoundError('contact', contactId);
  return { contact, wholePhone: mayEditContacts(who, enterprise) };
}
