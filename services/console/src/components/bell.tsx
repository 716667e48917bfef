import { useI18n } from '../i18n';
import { Link } from '../lib/router';
import { useNotifications } from '../lib/notifications';

/** The unread count on every screen, live from the notifications stream. */
export function Bell() {
  const { t } = useI18n();
  const { unread } = useNotifications();
  const label = unread > 0 ? t('inbox.bell.unread', { n: unread }) : t('inbox.bell.none');
  return (
    <Link to="/inbox" className="bell" aria-label={label} data-testid="bell">
      <span aria-hidden="true">🔔</span>
      {unread > 0 ? (
        <span className="bell-count" data-testid="bell-count">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  );
}
