import type { Identity } from '@metrodesk/access';
import type { Contact } from '../domain/contact';
import type { AccountsDeps } from './ports';
import { loadContacts } from './contacts-common';

export async function listContacts(deps: AccountsDeps, who: Identity, enterpriseId: string): Promise<Contact[]> {
  return (await loadContacts(deps, who, enterpriseId)).contacts;
}
