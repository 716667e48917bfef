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
      {/* Drawn, not an emoji: the bureau's machines often have no emoji font. */}
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
        <path d="M13.73 21a2 2 0 0 1-3.46 0" />
      </svg>
      {unread > 0 ? (
        <span className="bell-count" data-testid="bell-count">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  );
}
