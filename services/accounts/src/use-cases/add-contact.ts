import { actorFor, type Identity } from '@metrodesk/access';
import { eventFor, uuidv7 } from '@metrodesk/events/model';
import { contactAdded } from '@metrodesk/contracts';
import { addContact as add, type Contact, type ContactInput } from '../domain/contact';
import type { AccountsDeps } from './ports';
import { editContacts } from './contacts-common';

export async function addContact(deps: AccountsDeps, who: Identity, enterpriseId: string, input: ContactInput): Promise<Contact> {
  const now = deps.now?.() ?? new Date();
  const contact: Contact = { id: uuidv7(now.getTime()), name: input.name, role: input.role ?? null, phone: input.phone ?? null, email: input.email ?? null, primary: input.primary ?? false, createdAt: now };
  const list = await editContacts(deps, who, enterpriseId, (current) => {
    const next = add(current, contact);
    const primary = next.find((c) => c.id === contact.id)!.primary;
    const data = { enterpriseId, contactId: contact.id, name: contact.name, role: contact.role, primary };
    return { list: next, events: [eventFor(contactAdded, { subject: enterpriseId, source: 'accounts', time: now, actor: actorFor(who), data })] };
  });
  return list.find((c) => c.id === contact.id)!;
}
