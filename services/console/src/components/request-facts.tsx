import { useI18n } from '../i18n';
import type { Request } from '../api/requests';
import { actorLabel } from '../lib/actor';
import { formatDateTime } from '../lib/format';
import { useLocation } from '../lib/router';
import { Notice } from './ui';

/** What was asked for, as both the enterprise and the staff see it: kind, urgency, when, where, what. */
export function RequestFacts({ r }: { r: Request }) {
  const { t, lang } = useI18n();
  return (
    <>
      <dt>{t('request.category')}</dt>
      <dd>{t(`category.${r.category}`)}</dd>
      <dt>{t('request.priority')}</dt>
      <dd data-testid="request-priority">{t(`priority.${r.priority}`)}</dd>
      <dt>{t('request.filedAt')}</dt>
      <dd>{formatDateTime(r.filedAt, lang)}</dd>
      {r.channel && r.channel !== 'portal' && (
        <>
          <dt>{t('request.channel')}</dt>
          <dd data-testid="request-channel">
            {t(`channel.${r.channel}`)}
            {r.filedByName && ` · ${actorLabel(t, r.filedByName, r.filedByRole)}`}
          </dd>
        </>
      )}
      {r.assigneeName && (
        <>
          <dt>{t('request.assignee')}</dt>
          <dd>{r.assigneeName}</dd>
        </>
      )}
      {(r.preferredTime || r.preferredDate) && (
        <>
          <dt>{t('request.preferredTime')}</dt>
          <dd data-testid="preferred-time">{[r.preferredTime, r.preferredDate].filter(Boolean).join(' · ')}</dd>
        </>
      )}
      {r.instruments.length > 0 && (
        <>
          <dt>{t('request.instruments')}</dt>
          <dd data-testid="request-instruments">{r.instruments.map((i) => `${i.class}${i.model ? ` ${i.model}` : ''} × ${i.count}`).join('、')}</dd>
        </>
      )}
      {r.siteAddress && (
        <>
          <dt>{t('request.siteAddress')}</dt>
          <dd data-testid="request-address">{r.siteAddress}</dd>
        </>
      )}
    </>
  );
}

/** The confirmation after filing: the form sends the filer here with `?filed=1`. */
export function FiledNotice() {
  const { t } = useI18n();
  const { search } = useLocation();
  return search.get('filed') ? <Notice>{t('request.filed')}</Notice> : null;
}
