import { Router } from 'express';
import { z } from 'zod';
import { identityOf, parseWith } from '@metrodesk/http';
import type { InboxItem, InboxRepository } from '../use-cases/ports';
import { listInbox, markAllRead, markRead, unreadByRequest } from '../use-cases/inbox';

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.string().min(1).max(64).optional(),
});
const idParams = z.object({ id: z.string().min(1).max(300) });

/** An inbox entry as the API shows it. */
export const itemDto = (i: InboxItem) => ({
  id: i.id,
  kind: i.kind,
  requestId: i.requestId,
  subject: i.subject,
  body: i.body,
  link: i.link,
  createdAt: i.createdAt.toISOString(),
  read: i.readAt !== null,
  cursor: i.cursor,
});

export function inboxRouter(deps: { inbox: InboxRepository }): Router {
  const r = Router();
  r.get('/notifications', async (req, res) => {
    const q = parseWith(pageQuery, req.query, 'query');
    const page = await listInbox(deps, identityOf(req), q.limit, q.before);
    res.json({ items: page.items.map(itemDto), unread: page.unread, nextCursor: page.nextCursor });
  });
  r.get('/notifications/unread-by-request', async (req, res) => {
    res.json({ requests: await unreadByRequest(deps, identityOf(req)) });
  });
  r.post('/notifications/read-all', async (req, res) => {
    res.json(await markAllRead(deps, identityOf(req)));
  });
  r.post('/notifications/:id/read', async (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    res.json(await markRead(deps, identityOf(req), id));
  });
  return r;
}
