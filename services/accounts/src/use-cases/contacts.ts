import { canSee, type Identity } from '@metrodesk/access';
import { eventFor, uuidv7, type OutboxEntry } from '@metrodesk/events';
import { contactAdded } from '@metrodesk/contracts';
import { ConflictError, NotFoundError } from '@metrodesk/errors';
import { addContact as add, removeContact as remove, updateContact as update, type Contact, type ContactInput } from '../domain/contact';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from './ports';

/** Bureau staff of the enterprise's city, province-wide staff, and the enterprise itself. */
export function mayEditContacts(who: Identity, e: Enterprise): boolean {
  return who.role !== 'service' && canSee(who, { cityCode: e.cityCode, enterpriseId: e.id });
}

async function load(deps: AccountsDeps, who: Identity, enterpriseId: string) {
  const found = await deps.enterprises.contactsOf(enterpriseId);
  if (!found || !canSee(who, { cityCode: found.enterprise.cityCode, enterpriseId })) throw new NotFoundError('enterprise', enterpriseId);
  return found;
}

export async function listContacts(deps: AccountsDeps, who: Identity, enterpriseId: string): Promise<Contact[]> {
  return (await load(deps, who, enterpriseId)).contacts;
}

/** One contact; `wholePhone` says whether this caller may see the number unmasked. */
export async function getContact(deps: AccountsDeps, who: Identity, enterpriseId: string, contactId: string): Promise<{ contact: Contact; wholePhone: boolean }> {
  const { enterprise, contacts } = await load(deps, who, enterpriseId);
  const contact = contacts.find((c) => c.id === contactId);
  if (!contact) throw new NotFoundError('contact', contactId);
  return { contact, wholePhone: mayEditContacts(who, enterprise) };
}

/**
 * Applies an edit to the contact list and stores it with its events. The caller sends no
 * version for contacts, so a concurrent edit is retried on the fresh list a few times.
 */
async function edit(deps: AccountsDeps, who: Identity, enterpriseId: string, apply: (list: Contact[], e: Enterprise) => { list: Contact[]; events: OutboxEntry[] }): Promise<Contact[]> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { enterprise, contacts, rev } = await load(deps, who, enterpriseId);
    if (!mayEditContacts(who, enterprise)) throw new NotFoundError('enterprise', enterpriseId);
    const { list, events } = apply(contacts, enterprise);
    if (await deps.enterprises.saveContacts(enterpriseId, rev, list, events)) {
      if (events.length > 0) deps.notify();
      return list;
    }
  }
  throw new ConflictError('contacts_busy', 'The contacts of this enterprise are being changed by someone else; try again.');
}

export async function addContact(deps: AccountsDeps, who: Identity, enterpriseId: string, input: ContactInput): Promise<Contact> {
  const now = deps.now?.() ?? new Date();
  const contact: Contact = { id: uuidv7(now.getTime()), name: input.name, role: input.role ?? null, phone: input.phone ?? null, email: input.email ?? null, primary: input.primary ?? false, createdAt: now };
  const list = await edit(deps, who, enterpriseId, (current) => {
    const next = add(current, contact);
    const primary = next.find((c) => c.id === contact.id)!.primary;
    const data = { enterpriseId, contactId: contact.id, name: contact.name, role: contact.role, primary };
    return { list: next, events: [eventFor(contactAdded, { subject: enterpriseId, source: 'accounts', time: now, data })] };
  });
  return list.find((c) => c.id === contact.id)!;
}

export async function updateContact(deps: AccountsDeps, who: Identity, enterpriseId: string, contactId: string, patch: Partial<ContactInput>): Promise<Contact> {
  const list = await edit(deps, who, enterpriseId, (current) => ({ list: update(current, contactId, patch), events: [] }));
  return list.find((c) => c.id === contactId)!;
}

export async function removeContact(deps: AccountsDeps, who: Identity, enterpriseId: string, contactId: string): Promise<void> {
  await edit(deps, who, enterpriseId, (current) => ({ list: remove(current, contactId), events: [] }));
}
