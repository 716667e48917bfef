import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { listNotifications, markAllNotificationsRead, markNotificationRead, type Notification } from '../api/notifications';
import { Async, ErrorBox, Section } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { navigate } from '../lib/router';
import { setUnread, useNotifications } from '../lib/notifications';
import { useAsync } from '../lib/use-async';

/** The signed-in person's notifications, newest first; new ones appear as they arrive. */
export function InboxScreen() {
  const { t, lang } = useI18n();
  const first = useAsync(() => listNotifications(), []);
  const { arrived } = useNotifications();
  const [more, setMore] = useState<Notification[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [readIds, setReadIds] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>();
  useEffect(() => setNext(first.data?.nextCursor ?? null), [first.data]);

  const seen = new Set<string>();
  const items = [...arrived, ...(first.data?.items ?? []), ...more].filter((n) => !seen.has(n.id) && (seen.add(n.id), true));
  const isRead = (n: Notification) => n.read || readIds.has(n.id);

  const open = async (n: Notification) => {
    setError(undefined);
    try {
      if (!isRead(n)) {
        setUnread((await markNotificationRead(n.id)).unread);
        setReadIds(new Set(readIds).add(n.id));
      }
      navigate(n.link);
    } catch (err) {
      setError(err);
    }
  };
  const readAll = async () => {
    setError(undefined);
    try {
      setUnread((await markAllNotificationsRead()).unread);
      setReadIds(new Set(items.map((n) => n.id)));
    } catch (err) {
      setError(err);
    }
  };
  const loadMore = async () => {
    if (!next) return;
    try {
      const page = await listNotifications(next);
      setMore([...more, ...page.items]);
      setNext(page.nextCursor);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Section
      title={t('inbox.title')}
      actions={
        <button type="button" onClick={() => void readAll()} data-testid="inbox-read-all">
          {t('inbox.readAll')}
        </button>
      }
    >
      <ErrorBox error={error} />
      <Async state={first} empty={() => items.length === 0}>
        {() => (
          <>
            <ul className="inbox" data-testid="inbox">
              {items.map((n) => (
                <li key={n.id} className={isRead(n) ? 'read' : 'unread'}>
                  <button type="button" className="link" onClick={() => void open(n)}>
                    <strong>{n.subject}</strong>
                  </button>
                  <span className="muted"> · {formatDateTime(n.createdAt, lang)}</span>
                  {isRead(n) ? null : <span className="badge badge-warning">{t('inbox.new')}</span>}
                  <p>{n.body}</p>
                </li>
              ))}
            </ul>
            {next ? (
              <button type="button" onClick={() => void loadMore()}>
                {t('common.more')}
              </button>
            ) : null}
          </>
        )}
      </Async>
    </Section>
  );
}
