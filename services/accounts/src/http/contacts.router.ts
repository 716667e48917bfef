import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import type { AccountsDeps } from '../use-cases/ports';
import { addContact } from '../use-cases/add-contact';
import { getContact } from '../use-cases/get-contact';
import { listContacts } from '../use-cases/list-contacts';
import { removeContact } from '../use-cases/remove-contact';
import { updateContact } from '../use-cases/update-contact';
import { toContactDto } from './dto';

type Api = http.accounts.components['schemas'];

export const createContactBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: z.string().trim().max(100).nullable().optional(),
    phone: z.string().trim().regex(/^\+?[\d\s()-]{3,30}$/, 'must be a phone number').nullable().optional(),
    email: z.string().trim().email().max(200).nullable().optional(),
    primary: z.boolean().optional(),
  })
  .strict();
export const updateContactBody = createContactBody.partial().strict();

checkContract<z.infer<typeof createContactBody>, Api['CreateContact']>(true);
checkContract<z.infer<typeof updateContactBody>, Api['UpdateContact']>(true);

export function contactsRouter(deps: AccountsDeps): Router {
  const r = Router();
  const ids = (req: { params: Record<string, string | string[]> }) => ({ id: String(req.params.id), contactId: String(req.params.contactId) });
  // Lists always mask phone numbers; only the detail view shows them whole, and only to those allowed.
  r.get('/enterprises/:id/contacts', async (req, res) => {
    const contacts = await listContacts(deps, identityOf(req), ids(req).id);
    res.json({ items: contacts.map((c) => toContactDto(c, false)) });
  });
  r.post('/enterprises/:id/contacts', async (req, res) => {
    const body = parseWith(createContactBody, req.body);
    const c = await addContact(deps, identityOf(req), ids(req).id, body);
    res.status(201).location(`/enterprises/${ids(req).id}/contacts/${c.id}`).json(toContactDto(c, true));
  });
  r.get('/enterprises/:id/contacts/:contactId', async (req, res) => {
    const { contact, wholePhone } = await getContact(deps, identityOf(req), ids(req).id, ids(req).contactId);
    res.json(toContactDto(contact, wholePhone));
  });
  r.patch('/enterprises/:id/contacts/:contactId', async (req, res) => {
    const body = parseWith(updateContactBody, req.body);
    const c = await updateContact(deps, identityOf(req), ids(req).id, ids(req).contactId, body);
    res.json(toContactDto(c, true));
  });
  r.delete('/enterprises/:id/contacts/:contactId', async (req, res) => {
    await removeContact(deps, identityOf(req), ids(req).id, ids(req).contactId);
    res.status(204).end();
  });
  return r;
}
