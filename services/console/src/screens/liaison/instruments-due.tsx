import { useI18n } from '../../i18n';
import { getEnterprise, listInstruments, type Instrument } from '../../api/accounts';
import { Async, Notice, Section } from '../../components/ui';
import { Link } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { useUser } from '../../lib/auth';
import { formatDate, todayIso } from '../../lib/format';
import { DUE_BADGE, DUE_HORIZON_DAYS, addDaysIso, dueState } from '../../lib/instruments';

const overdueCompulsory = (i: Instrument) => i.overdue && i.compulsory;

/**
 * The city's in-use instruments due within the horizon or overdue, with their enterprises by
 * name: the overdue compulsory ones first (asked for on their own, so a long list never pushes
 * them off the page), then the rest soonest first.
 */
async function dueInCity(cityCode: string | undefined, today: string) {
  const [breaches, page] = await Promise.all([
    listInstruments({ cityCode, status: 'in_use', compulsory: 'true', dueBy: addDaysIso(today, -1) }),
    listInstruments({ cityCode, status: 'in_use', dueBy: addDaysIso(today, DUE_HORIZON_DAYS) }),
  ]);
  const first = breaches.items.filter(overdueCompulsory);
  const shown = new Set(first.map((i) => i.id));
  const items = [...first, ...page.items.filter((i) => !shown.has(i.id))];
  const ids = [...new Set(items.map((i) => i.enterpriseId))];
  const names = new Map(await Promise.all(ids.map(async (id) => [id, (await getEnterprise(id).catch(() => null))?.name ?? ''] as const)));
  return { items, names, breaches: first.length, more: page.nextCursor !== null || breaches.nextCursor !== null };
}

export function DueInstrumentsScreen() {
  const { t, lang } = useI18n();
  const user = useUser();
  const today = todayIso();
  const state = useAsync(() => dueInCity(user.cityCode ?? undefined, today), [user.cityCode, today]);
  return (
    <Section title={t('inst.dueTitle', { days: DUE_HORIZON_DAYS })}>
      <Async state={state} empty={(d) => d.items.length === 0}>
        {(d) => (
          <>
          {d.breaches > 0 && <Notice>{t('inst.overdueCompulsoryCount', { count: d.breaches })}</Notice>}
          <table className="table" data-testid="instruments-due">
            <thead>
              <tr>
                <th>{t('inst.nextDueOn')}</th>
                <th>{t('request.enterprise')}</th>
                <th>{t('inst.class')}</th>
                <th>{t('inst.serialNo')}</th>
                <th>{t('inst.use')}</th>
              </tr>
            </thead>
            <tbody>
              {d.items.map((i: Instrument) => {
                const due = dueState(i.nextDueOn, today);
                const breach = overdueCompulsory(i);
                return (
                  <tr key={i.id} className={breach ? 'row-alert' : undefined} data-overdue-compulsory={breach || undefined}>
                    <td data-label={t('inst.nextDueOn')}>
                      {formatDate(i.nextDueOn, lang)} <span className={DUE_BADGE[due]}>{t(breach ? 'inst.overdueCompulsoryFlag' : `inst.due.${due}`)}</span>
                    </td>
                    <td data-label={t('request.enterprise')}>
                      <Link to={`/enterprises/${i.enterpriseId}`}>{d.names.get(i.enterpriseId) || '—'}</Link>
                    </td>
                    <td data-label={t('inst.class')}>
                      {t(`inst.class.${i.instrumentClass}`)} {i.model ?? ''}
                    </td>
                    <td data-label={t('inst.serialNo')}>{i.serialNo}</td>
                    <td data-label={t('inst.use')}>
                      {t(`inst.use.${i.use}`)}
                      {i.compulsory ? ` · ${t('inst.compulsory')}` : ''}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          </>
        )}
      </Async>
    </Section>
  );
}
