import { actorFor, type Identity } from '@metrodesk/access';
import { eventFor } from '@metrodesk/events/model';
import { contactUpdated } from '@metrodesk/contracts';
import { updateContact as update, type Contact, type ContactInput } from '../domain/contact';
import type { AccountsDeps } from './ports';
import { editContacts } from './contacts-common';

const AUDITED = ['name', 'role', 'phone', 'email', 'primary'] as const;

/** Changes a contact; `primary: true` makes it the one primary contact. */
export async function updateContact(deps: AccountsDeps, who: Identity, enterpriseId: string, contactId: string, patch: Partial<ContactInput>): Promise<Contact> {
  const now = deps.now?.() ?? new Date();
  const list = await editContacts(deps, who, enterpriseId, (current) => {
    const next = update(current, contactId, patch);
    const before = current.find((c) => c.id === contactId)!;
    const after = next.find((c) => c.id === contactId)!;
    // Phone and e-mail are personal data: the event says that they changed, never their values.
    const changed = AUDITED.filter((k) => before[k] !== after[k]);
    if (changed.length === 0) return { list: next, events: [] };
    const data = {
      enterpriseId,
      contactId,
      name: after.name,
      role: after.role,
      primary: after.primary,
      changed: [...changed],
      previous: { name: before.name, role: before.role, primary: before.primary },
    };
    return { list: next, events: [eventFor(contactUpdated, { subject: enterpriseId, source: 'accounts', time: now, actor: actorFor(who), data })] };
  });
  return list.find((c) => c.id === contactId)!;
}
