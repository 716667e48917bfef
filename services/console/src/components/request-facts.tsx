import { hasKey, useI18n } from '../i18n';
import type { ReactNode } from 'react';
import { isTerminal, type Request } from '../api/requests';
import { AddFiles, AttachmentList } from './attachments';
import { NumberFact } from './request-number';
import { Section, StateTag } from './ui';
import { actorLabel } from '../lib/actor';
import { formatDateTime } from '../lib/format';
import { useLocation } from '../lib/router';

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
          <dd data-testid="request-assignee">{r.assigneeName}</dd>
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
          <dd data-testid="request-instruments">{r.instruments.map((i) => `${hasKey(`inst.class.${i.class}`) ? t(`inst.class.${i.class}`) : i.class}${i.model ? ` ${i.model}` : ''} × ${i.count}`).join('、')}</dd>
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

/** The confirmation after filing, with the request's number: the form sends the filer here with `?filed=1`. */
export function FiledNotice({ r }: { r: Pick<Request, 'number'> }) {
  const { t } = useI18n();
  const { search } = useLocation();
  if (!search.get('filed')) return null;
  return (
    <div className="notice success" role="status" data-testid="filed-notice">
      {r.number ? t('request.filedNumber', { number: r.number }) : t('request.filed')}
    </div>
  );
}

/**
 * A request page's main card, as the enterprise and the staff see it: the filing confirmation,
 * the title, number, state, the page's own `facts` and what was asked for; `children` below.
 */
export function RequestCard({ r, facts, children }: { r: Request; facts?: ReactNode; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <FiledNotice r={r} />
      <Section title={r.title}>
        <dl className="facts">
          <NumberFact r={r} />
          <dt>{t('request.state')}</dt>
          <dd data-testid="request-state">
            <StateTag state={r.state} />
          </dd>
          {facts}
          <RequestFacts r={r} />
        </dl>
        {children}
      </Section>
    </>
  );
}

/** The request's files, and more of them while it is open; then its solution once there is one. */
export function FilesAndSolution({ r, onDone }: { r: Request; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <>
      <AttachmentList requestId={r.id} attachments={r.attachments} />
      {!isTerminal(r.state) && <AddFiles requestId={r.id} onDone={onDone} />}
      {r.solution && (
        <div className="solution">
          <h3>{t('request.solution')}</h3>
          <p className="pre">{r.solution.text}</p>
        </div>
      )}
    </>
  );
}
