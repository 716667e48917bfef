import type { Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { InboxPage, InboxRepository } from './ports';

/** The caller's own inbox: nobody reads another person's. */
export function listInbox(deps: { inbox: InboxRepository }, who: Identity, limit: number, before?: string): Promise<InboxPage> {
  return deps.inbox.page(who.userId, limit, before);
}

export async function markRead(deps: { inbox: InboxRepository; now?: () => Date }, who: Identity, id: string): Promise<{ unread: number }> {
  // Another person's entry is answered as missing: its existence is not the caller's business.
  if (!(await deps.inbox.markRead(who.userId, id, deps.now?.() ?? new Date()))) throw new NotFoundError('notification', id);
  return { unread: await deps.inbox.unread(who.userId) };
}

export async function markAllRead(deps: { inbox: InboxRepository; now?: () => Date }, who: Identity): Promise<{ marked: number; unread: number }> {
  const marked = await deps.inbox.markAllRead(who.userId, deps.now?.() ?? new Date());
  return { marked, unread: await deps.inbox.unread(who.userId) };
}

/** What awaits the caller per request: the queue marks those rows. */
export function unreadByRequest(deps: { inbox: InboxRepository }, who: Identity): Promise<Record<string, number>> {
  return deps.inbox.unreadByRequest(who.userId);
}
