import { useI18n } from '../../i18n';
import { getEnterprise, listInstruments, type Instrument } from '../../api/accounts';
import { Async, Notice, Section } from '../../components/ui';
import { DataTable } from '../../components/table';
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
          <DataTable
            testId="instruments-due"
            rows={d.items}
            rowKey={(i) => i.id}
            rowProps={(i) => (overdueCompulsory(i) ? { className: 'row-alert', 'data-overdue-compulsory': true } : {})}
            columns={[
              {
                head: t('inst.nextDueOn'),
                cell: (i) => {
                  const due = dueState(i.nextDueOn, today);
                  return (
                    <>
                      {formatDate(i.nextDueOn, lang)} <span className={DUE_BADGE[due]}>{t(overdueCompulsory(i) ? 'inst.overdueCompulsoryFlag' : `inst.due.${due}`)}</span>
                    </>
                  );
                },
              },
              { head: t('request.enterprise'), cell: (i) => <Link to={`/enterprises/${i.enterpriseId}`}>{d.names.get(i.enterpriseId) || '—'}</Link> },
              { head: t('inst.class'), cell: (i) => `${t(`inst.class.${i.instrumentClass}`)} ${i.model ?? ''}` },
              { head: t('inst.serialNo'), cell: (i) => i.serialNo },
              { head: t('inst.use'), cell: (i) => `${t(`inst.use.${i.use}`)}${i.compulsory ? ` · ${t('inst.compulsory')}` : ''}` },
            ]}
          />
          </>
        )}
      </Async>
    </Section>
  );
}
