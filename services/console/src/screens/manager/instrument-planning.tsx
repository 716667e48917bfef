import { useState } from 'react';
import { useI18n } from '../../i18n';
import { exportInstrumentFigures, instrumentFigures, instrumentPlanning, type InstrumentPlan } from '../../api/accounts';
import { Async, ErrorBox, Kpi, Progress, Section } from '../../components/ui';
import { CitySelect } from '../../components/city';
import { useAsync } from '../../lib/use-async';
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
  const [exporting, setExporting] = useState<number | null | undefined>(undefined);
  const [exportError, setExportError] = useState<unknown>();

  const doExport = async () => {
    setExportError(undefined);
    setExporting(null);
    try {
      await exportInstrumentFigures(period, lang, setExporting);
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(undefined);
    }
  };

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
          <button className="primary" onClick={doExport} disabled={exporting !== undefined} data-testid="export-figures">
            {t('plan.export')}
          </button>
        }
      >
        {exporting !== undefined && <Progress fraction={exporting} label={t('dash.exporting')} />}
        <ErrorBox error={exportError} />
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
                <table className="table" data-testid="instrument-figures">
                  <thead>
                    <tr>
                      <th>{t('common.city')}</th>
                      <th>{t('inst.class')}</th>
                      <th>{t('plan.registered')}</th>
                      <th>{t('plan.dueSoon', { days: f.dueWithinDays })}</th>
                      <th>{t('plan.overdueCompulsory')}</th>
                      <th>{t('plan.overdue')}</th>
                      <th>{t('plan.verifiedOnTime')}</th>
                      <th>{t('plan.verifiedLate')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {f.rows.map((r) => (
                      <tr key={`${r.cityCode}-${r.instrumentClass}`}>
                        <td data-label={t('common.city')}>{t(`city.${r.cityCode}`)}</td>
                        <td data-label={t('inst.class')}>{t(`inst.class.${r.instrumentClass}`)}</td>
                        <td data-label={t('plan.registered')}>{formatNumber(r.registered, lang)}</td>
                        <td data-label={t('plan.dueSoon', { days: f.dueWithinDays })}>{formatNumber(r.dueSoon, lang)}</td>
                        <td data-label={t('plan.overdueCompulsory')}>{r.overdueCompulsory > 0 ? <span className="badge badge-breached">{formatNumber(r.overdueCompulsory, lang)}</span> : '0'}</td>
                        <td data-label={t('plan.overdue')}>{formatNumber(r.overdue, lang)}</td>
                        <td data-label={t('plan.verifiedOnTime')}>{formatNumber(r.verifiedOnTime, lang)}</td>
                        <td data-label={t('plan.verifiedLate')}>{formatNumber(r.verifiedLate, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
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
    <table className="table" data-testid="instrument-plan">
      <thead>
        <tr>
          <th>{t('plan.month')}</th>
          {showCity && <th>{t('common.city')}</th>}
          <th>{t('inst.class')}</th>
          <th>{t('plan.instruments')}</th>
          <th>{t('plan.verifierDays')}</th>
          <th>{t('plan.qualified')}</th>
        </tr>
      </thead>
      <tbody>
        {plan.cells.flatMap((cell) =>
          cell.classes.map((c, k) => (
            <tr key={`${cell.month}-${cell.cityCode}-${c.instrumentClass}`}>
              <td data-label={t('plan.month')}>{k === 0 ? `${monthWords(cell.month, lang)}${cell.classes.length > 1 ? ` · ${t('plan.cellTotal', { n: formatNumber(cell.instruments, lang), days: cell.verifierDays })}` : ''}` : ''}</td>
              {showCity && <td data-label={t('common.city')}>{t(`city.${cell.cityCode}`)}</td>}
              <td data-label={t('inst.class')}>{t(`inst.class.${c.instrumentClass}`)}</td>
              <td data-label={t('plan.instruments')}>{formatNumber(c.instruments, lang)}</td>
              <td data-label={t('plan.verifierDays')}>{c.verifierDays}</td>
              <td data-label={t('plan.qualified')}>
                {c.qualifiedVerifiers === null ? t('common.none') : c.qualifiedVerifiers === 0 ? <span className="badge badge-breached">{t('plan.noneQualified')}</span> : formatNumber(c.qualifiedVerifiers, lang)}
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
