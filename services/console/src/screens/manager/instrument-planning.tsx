import { useState } from 'react';
import { useI18n } from '../../i18n';
import { exportInstrumentFigures, instrumentFigures, instrumentPlanning, type InstrumentPlan } from '../../api/accounts';
import { Async, Kpi, Section, TaskProgress } from '../../components/ui';
import { DataTable } from '../../components/table';
import { CitySelect } from '../../components/city';
import { useAsync } from '../../lib/use-async';
import { useProgressTask } from '../../lib/use-action';
import { useUser } from '../../lib/auth';
import { formatNumber, todayIso } from '../../lib/format';

const HORIZONS = [3, 6, 12];

/** "2026-09" in the reader's words. */
function monthWords(month: string, lang: string): string {
  const [y, m] = month.split('-');
  return lang === 'en' ? new Date(Date.UTC(Number(y), Number(m) - 1, 1)).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }) : `${y}年${Number(m)}月`;
}

/**
 * Next months' verification load for city managers and liaisons: per city and month the
 * instruments falling due by class, the verifier-days they need and the verifiers qualified for
 * them; under it the registry's figures for the year so far, with the sheet to download.
 */
export function InstrumentPlanningScreen() {
  const { t, lang } = useI18n();
  const user = useUser();
  const cityLocked = user.role !== 'province_manager' && user.role !== 'admin';
  const today = todayIso();
  const [fromMonth, setFromMonth] = useState(today.slice(0, 7));
  const [months, setMonths] = useState(3);
  const [city, setCity] = useState(cityLocked ? (user.cityCode ?? '') : '');
  const cityCode = city || undefined;
  const plan = useAsync(() => instrumentPlanning({ fromMonth, months, cityCode }), [fromMonth, months, cityCode]);
  const period = { from: `${today.slice(0, 4)}-01-01`, to: today, cityCode };
  const figures = useAsync(() => instrumentFigures(period), [period.from, period.to, cityCode]);
  const exporting = useProgressTask();
  const doExport = () =>
    exporting.run(async (setProgress) => {
      setProgress(null);
      await exportInstrumentFigures(period, lang, setProgress);
    });

  return (
    <>
      <Section title={t('plan.title')}>
        <form className="row filters" onSubmit={(e) => e.preventDefault()}>
          <label className="field">
            <span className="label">{t('plan.fromMonth')}</span>
            <input type="month" name="fromMonth" required value={fromMonth} onChange={(e) => e.target.value && setFromMonth(e.target.value)} />
          </label>
          <label className="field">
            <span className="label">{t('plan.months')}</span>
            <select name="months" value={months} onChange={(e) => setMonths(Number(e.target.value))}>
              {HORIZONS.map((n) => (
                <option key={n} value={n}>
                  {t('plan.monthsN', { n })}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="label">{t('common.city')}</span>
            {cityLocked ? <input value={t(`city.${city}`)} readOnly /> : <CitySelect allowEmpty value={city} onChange={setCity} label={t('common.city')} />}
          </label>
        </form>
        <Async state={plan} empty={(p) => p.cells.length === 0}>
          {(p) => <PlanTable plan={p} showCity={!cityCode} />}
        </Async>
        <Async state={plan}>{(p) => <p className="muted">{t('plan.basis', { minutes: p.settings.verifierDayMinutes, classes: Object.entries(p.settings.minutesByClass).map(([c, m]) => `${t(`inst.class.${c}`)} ${m}`).join(lang === 'en' ? ', ' : '、') })}</p>}</Async>
      </Section>
      <Section
        title={t('plan.figuresTitle', { from: period.from, to: period.to })}
        actions={
          <button className="primary" onClick={doExport} disabled={exporting.busy} data-testid="export-figures">
            {t('plan.export')}
          </button>
        }
      >
        <TaskProgress task={exporting} label={t('dash.exporting')} />
        <Async state={figures}>
          {(f) => (
            <>
              <div className="kpis" data-testid="instrument-kpis">
                <Kpi label={t('plan.registered')} value={formatNumber(f.totals.registered, lang)} />
                <Kpi label={t('plan.dueSoon', { days: f.dueWithinDays })} value={formatNumber(f.totals.dueSoon, lang)} />
                <Kpi label={t('plan.overdueCompulsory')} value={formatNumber(f.totals.overdueCompulsory, lang)} />
                <Kpi label={t('plan.overdue')} value={formatNumber(f.totals.overdue, lang)} />
                <Kpi label={t('plan.verifiedOnTime')} value={formatNumber(f.totals.verifiedOnTime, lang)} />
                <Kpi label={t('plan.verifiedLate')} value={formatNumber(f.totals.verifiedLate, lang)} />
              </div>
              {f.rows.length > 0 && (
                <DataTable
                  testId="instrument-figures"
                  rows={f.rows}
                  rowKey={(r) => `${r.cityCode}-${r.instrumentClass}`}
                  columns={[
                    { head: t('common.city'), cell: (r) => t(`city.${r.cityCode}`) },
                    { head: t('inst.class'), cell: (r) => t(`inst.class.${r.instrumentClass}`) },
                    { head: t('plan.registered'), cell: (r) => formatNumber(r.registered, lang) },
                    { head: t('plan.dueSoon', { days: f.dueWithinDays }), cell: (r) => formatNumber(r.dueSoon, lang) },
                    { head: t('plan.overdueCompulsory'), cell: (r) => (r.overdueCompulsory > 0 ? <span className="badge badge-breached">{formatNumber(r.overdueCompulsory, lang)}</span> : '0') },
                    { head: t('plan.overdue'), cell: (r) => formatNumber(r.overdue, lang) },
                    { head: t('plan.verifiedOnTime'), cell: (r) => formatNumber(r.verifiedOnTime, lang) },
                    { head: t('plan.verifiedLate'), cell: (r) => formatNumber(r.verifiedLate, lang) },
                  ]}
                />
              )}
            </>
          )}
        </Async>
      </Section>
    </>
  );
}

function PlanTable({ plan, showCity }: { plan: InstrumentPlan; showCity: boolean }) {
  const { t, lang } = useI18n();
  return (
    <DataTable
      testId="instrument-plan"
      rows={plan.cells.flatMap((cell) => cell.classes.map((c, k) => ({ cell, c, first: k === 0 })))}
      rowKey={({ cell, c }) => `${cell.month}-${cell.cityCode}-${c.instrumentClass}`}
      columns={[
        { head: t('plan.month'), cell: ({ cell, first }) => (first ? `${monthWords(cell.month, lang)}${cell.classes.length > 1 ? ` · ${t('plan.cellTotal', { n: formatNumber(cell.instruments, lang), days: cell.verifierDays })}` : ''}` : '') },
        showCity && { head: t('common.city'), cell: ({ cell }) => t(`city.${cell.cityCode}`) },
        { head: t('inst.class'), cell: ({ c }) => t(`inst.class.${c.instrumentClass}`) },
        { head: t('plan.instruments'), cell: ({ c }) => formatNumber(c.instruments, lang) },
        { head: t('plan.verifierDays'), cell: ({ c }) => c.verifierDays },
        { head: t('plan.qualified'), cell: ({ c }) => (c.qualifiedVerifiers === null ? t('common.none') : c.qualifiedVerifiers === 0 ? <span className="badge badge-breached">{t('plan.noneQualified')}</span> : formatNumber(c.qualifiedVerifiers, lang)) },
      ]}
    />
  );
}
