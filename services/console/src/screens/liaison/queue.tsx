import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { listRequests } from '../../api/requests';
import { unreadByRequest } from '../../api/notifications';
import { Async, Countdown, Section, SlaBadge, StateTag } from '../../components/ui';
import { Link } from '../../lib/router';
import { useAsync, useNow } from '../../lib/use-async';
import { activeDeadline, badgeFor, byUrgency } from '../../lib/urgency';
import { useUser } from '../../lib/auth';

const OPEN = 'filed,assigned,responded,in_progress,waiting_enterprise';
type Filter = 'all' | 'mine' | 'breached' | 'warning';

export function QueueScreen() {
  const { t } = useI18n();
  const user = useUser();
  const now = useNow(1000);
  const [filter, setFilter] = useState<Filter>('all');
  const state = useAsync(() => listRequests({ state: OPEN, sort: 'deadline', limit: 100 }), []);
  // "Awaiting you" is the caller's unread notifications about the row's request; without
  // the notifications service the queue still shows, only unmarked.
  const awaiting = useAsync(() => unreadByRequest().catch(() => ({ requests: {} as Record<string, number> })), []);
  // The list itself changes slowly; the countdowns tick locally every second.
  useEffect(() => {
    const id = setInterval(() => {
      state.reload();
      awaiting.reload();
    }, 30_000);
    return () => clearInterval(id);
  }, [state.reload, awaiting.reload]);
  const rows = useMemo(() => {
    const items = [...(state.data?.items ?? [])].sort(byUrgency(now));
    return items.filter((r) => {
      if (filter === 'mine') return r.assigneeId === user.id;
      if (filter === 'breached') return badgeFor(r, now) === 'breached';
      if (filter === 'warning') return badgeFor(r, now) === 'warning';
      return true;
    });
  }, [state.data, now, filter, user.id]);

  return (
    <Section
      title={t('queue.title')}
      actions={
        <div className="tabs" role="tablist">
          {(['all', 'mine', 'breached', 'warning'] as Filter[]).map((f) => (
            <button key={f} role="tab" aria-selected={filter === f} className={filter === f ? 'active' : ''} onClick={() => setFilter(f)}>
              {t(`queue.filter.${f}`)}
            </button>
          ))}
        </div>
      }
    >
      <p className="muted">{t('queue.subtitle')}</p>
      <Async state={state}>
        {() =>
          rows.length === 0 ? (
            <p className="muted empty">{t('queue.empty')}</p>
          ) : (
            <table className="table queue" data-testid="queue">
              <thead>
                <tr>
                  <th>{t('request.deadline')}</th>
                  <th>{t('request.title')}</th>
                  <th>{t('request.enterprise')}</th>
                  <th>{t('request.category')}</th>
                  <th>{t('request.state')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} className={`row-${badgeFor(r, now)}`}>
                    <td data-label={t('request.deadline')}>
                      <SlaBadge badge={badgeFor(r, now)} /> <Countdown deadline={activeDeadline(r).deadline} now={now} />
                    </td>
                    <td data-label={t('request.title')}>
                      <Link to={`/work/requests/${r.id}`}>{r.title}</Link>
                      {r.priority !== 'normal' && <span className={`badge badge-${r.priority}`}>{t(`priority.${r.priority}`)}</span>}
                      {(awaiting.data?.requests[r.id] ?? 0) > 0 && (
                        <span className="badge badge-warning" data-testid="awaiting-you">
                          {t('queue.awaitingYou')}
                        </span>
                      )}
                      {(r.attention ?? []).map((a) => (
                        <span key={a} className="badge badge-breached" data-testid="attention">
                          {t(`attention.${a}`)}
                        </span>
                      ))}
                    </td>
                    <td data-label={t('request.enterprise')}>{r.enterpriseName ?? r.enterpriseId}</td>
                    <td data-label={t('request.category')}>{t(`category.${r.category}`)}</td>
                    <td data-label={t('request.state')}>
                      <StateTag state={r.state} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </Section>
  );
}
