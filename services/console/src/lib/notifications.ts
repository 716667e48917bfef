import { useEffect, useState } from 'react';
import { followNotifications, type Notification } from '../api/notifications';

/**
 * One live stream per signed-in tab, shared by the bell and the inbox: the unread count and
 * the notifications that arrived since the page loaded.
 */
type Listener = () => void;
const listeners = new Set<Listener>();
let unread = 0;
let arrived: Notification[] = [];
let controller: AbortController | null = null;

const emit = () => listeners.forEach((l) => l());

export function setUnread(n: number): void {
  unread = n;
  emit();
}

function start(): void {
  if (controller) return;
  controller = new AbortController();
  void followNotifications(
    {
      onNotification: (n) => {
        arrived = [n, ...arrived.filter((a) => a.id !== n.id)].slice(0, 50);
        if (!n.read) unread += 1;
        emit();
      },
      onUnread: setUnread,
    },
    controller.signal,
  );
}

/** Stops the stream (sign-out). */
export function stopNotifications(): void {
  controller?.abort();
  controller = null;
  unread = 0;
  arrived = [];
}

export function useNotifications(): { unread: number; arrived: Notification[] } {
  const [, setTick] = useState(0);
  useEffect(() => {
    start();
    const l = () => setTick((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return { unread, arrived };
}
