import { Router, type Response } from 'express';
import { z } from 'zod';
import { identityOf, parseWith } from '@metrodesk/http';
import type { InboxItem, InboxRepository, LiveFeed } from '../use-cases/ports';
import { itemDto } from './inbox.router';

const resumeFrom = z.string().min(1).max(64).optional();
/** A reconnecting stream gets at most this many missed entries; the inbox page has the rest. */
const REPLAY_LIMIT = 200;

function send(res: Response, event: string, data: unknown, id?: string): void {
  res.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * The caller's new inbox entries as Server-Sent Events. A reconnect with Last-Event-ID gets
 * what it missed first; entries arriving meanwhile are held and sent after, each once.
 */
/** The open streams, so a stopping service can end them instead of waiting for clients to leave. */
export class OpenStreams {
  private readonly open = new Set<Response>();
  add(res: Response): () => void {
    this.open.add(res);
    return () => this.open.delete(res);
  }
  endAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
  get size(): number {
    return this.open.size;
  }
}

export function streamRouter(deps: { inbox: InboxRepository; live: LiveFeed; heartbeatMs: number; maxStreamMs: number; streams: OpenStreams }): Router {
  const r = Router();
  r.get('/notifications/stream', async (req, res) => {
    const who = identityOf(req);
    const lastId = parseWith(resumeFrom, req.header('last-event-id') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined), 'headers');
    res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    let sent = lastId ?? '';
    let held: InboxItem[] | null = [];
    const emit = (item: InboxItem) => {
      if (item.cursor <= sent) return;
      sent = item.cursor;
      send(res, 'notification', itemDto(item), item.cursor);
    };
    const unsubscribe = deps.live.subscribe(who.userId, (item) => (held ? held.push(item) : emit(item)));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), deps.heartbeatMs);
    const forget = deps.streams.add(res);
    const expiry = setTimeout(() => res.end(), deps.maxStreamMs);
    req.on('close', () => {
      clearInterval(heartbeat);
      clearTimeout(expiry);
      unsubscribe();
      forget();
    });
    try {
      if (lastId) for (const item of await deps.inbox.after(who.userId, lastId, REPLAY_LIMIT)) emit(item);
      send(res, 'unread', { unread: await deps.inbox.unread(who.userId) });
      for (const item of held.sort((a, b) => a.cursor.localeCompare(b.cursor))) emit(item);
      held = null;
    } catch {
      res.end();
    }
  });
  return r;
}
