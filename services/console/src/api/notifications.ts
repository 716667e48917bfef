// notifications: contracts/http/notifications.yaml
import { API_BASE, api, refreshSession } from './http';
import { getSession } from './session';
import type { http } from '@metrodesk/contracts';

/** The shapes of contracts/http/notifications.yaml, generated: a contract change breaks this build. */
type Schemas = http.notifications.components['schemas'];

export type Notification = Schemas['Notification'];
export type InboxPage = Schemas['InboxPage'];

export const listNotifications = (before?: string, limit = 20) => api<InboxPage>('/notifications/notifications', { query: { before, limit } });
export const markNotificationRead = (id: string) => api<{ unread: number }>(`/notifications/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
/** The caller's unread notifications per request (only requests with some). */
export const unreadByRequest = () => api<{ requests: Record<string, number> }>('/notifications/notifications/unread-by-request');
export const markAllNotificationsRead = () => api<{ marked: number; unread: number }>('/notifications/notifications/read-all', { method: 'POST' });

export const EMAIL_MODES = ['immediately', 'daily', 'weekly', 'off'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

export type Preferences = Schemas['Preferences'];

export const getPreferences = () => api<Preferences>('/notifications/preferences');
export const chooseEmailModes = (email: Record<string, EmailMode>) => api<Preferences>('/notifications/preferences', { method: 'PATCH', body: { email } });

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** Splits Server-Sent Events text into complete events and the unfinished rest. */
export function parseSse(text: string): { events: SseEvent[]; rest: string } {
  const blocks = text.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const events: SseEvent[] = [];
  for (const block of blocks) {
    const e: SseEvent = { event: 'message', data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'id') e.id = value;
      else if (field === 'event') e.event = value;
      else if (field === 'data') data.push(value);
    }
    e.data = data.join('\n');
    if (data.length > 0) events.push(e);
  }
  return { events, rest };
}

export interface StreamHandlers {
  onNotification: (n: Notification) => void;
  onUnread: (count: number) => void;
}

/**
 * Follows the caller's live stream through the gateway. EventSource cannot send the access
 * token, so this reads the stream with fetch, and reconnects with Last-Event-ID (after a
 * token refresh when the token ran out) until `signal` aborts.
 */
export async function followNotifications(h: StreamHandlers, signal: AbortSignal): Promise<void> {
  let lastId: string | undefined;
  let wait = 1000;
  while (!signal.aborted) {
    try {
      let s = getSession();
      if (s && s.expiresAt - Date.now() < 15_000) s = (await refreshSession()) ?? s;
      if (!s) return;
      const res = await fetch(`${API_BASE}/notifications/notifications/stream`, {
        headers: { Authorization: `Bearer ${s.accessToken}`, Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
        signal,
      });
      if (res.status === 401) await refreshSession();
      if (res.ok && res.body) {
        wait = 1000;
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseSse(buffer + decoder.decode(value, { stream: true }));
          buffer = parsed.rest;
          for (const e of parsed.events) {
            if (e.id) lastId = e.id;
            if (e.event === 'notification') h.onNotification(JSON.parse(e.data) as Notification);
            if (e.event === 'unread') h.onUnread((JSON.parse(e.data) as { unread: number }).unread);
          }
        }
      }
    } catch {
      // Network gone or aborted: try again below unless aborted.
    }
    if (signal.aborted) return;
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 30_000);
  }
}
