import { useState } from 'react';
import { useI18n } from '../../i18n';
import * as Rep from '../../api/reporting';
import { PRIORITIES_MOST_URGENT_FIRST as PRIORITIES, atRisk } from '../../api/sla';
import { listLiaisons } from '../../api/assignment';
import { Async, Kpi, Section, TaskProgress } from '../../components/ui';
import { GroupedBars, Lines } from '../../components/charts';
import { DataTable } from '../../components/table';
import { CitySelect } from '../../components/city';
import { Link } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { useProgressTask } from '../../lib/use-action';
import { formatNumber, formatPercent, monthStartIso, todayIso } from '../../lib/format';
import { useUser } from '../../lib/auth';

export function DashboardScreen() {
  const { t, lang } = useI18n();
  const user = useUser();
  const cityLocked = user.role === 'city_manager';
  const [from, setFromState] = useState(() => monthStartIso(new Date(), 5));
  const [to, setToState] = useState(() => todayIso());
  // The pickers' min/max keep the range the right way round; a date typed past the other end
  // (keyboards can) moves that end along rather than asking reporting for a reversed period.
  const setFrom = (v: string) => {
    if (!v) return;
    setFromState(v);
    if (v > to) setToState(v);
  };
  const setTo = (v: string) => {
    if (!v) return;
    setToState(v);
    if (v < from) setFromState(v);
  };
  const [city, setCity] = useState(cityLocked ? (user.cityCode ?? '') : '');
  const period: Rep.Period = { from, to, ...(city ? { cityCode: city } : {}) };
  const key = [from, to, city];
  const sum = useAsync(() => Rep.summary(period), key);
  const cities = useAsync(() => Rep.byCity(period), key);
  const series = useAsync(() => Rep.series(period), key);
  const text = useAsync(() => Rep.narrative(period, lang), [...key, lang]);
  const risk = useAsync(() => atRisk(city || undefined), [city]);
  // Names for the per-liaison table; figures stay readable without them.
  const liaisons = useAsync(() => listLiaisons(city || undefined).catch(() => []), [city]);
  const liaisonName = (id: string | null) => (id === null ? t('dash.unassigned') : (liaisons.data?.find((l) => l.userId === id)?.name ?? t('dash.liaisonUnknown')));
  const exporting = useProgressTask();
  const doExport = () =>
    exporting.run(async (setProgress) => {
      setProgress(null);
      await Rep.exportXlsx(period, lang, setProgress);
    });

  return (
    <>
      <Section
        title={t('dash.title')}
        actions={
          <button className="primary" onClick={doExport} disabled={exporting.busy} data-testid="export">
            {t('dash.export')}
          </button>
        }
      >
        <form className="row filters" onSubmit={(e) => e.preventDefault()}>
          <label className="field">
            <span className="label">{t('field.from')}</span>
            <input type="date" name="from" required value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label className="field">
            <span className="label">{t('field.to')}</span>
            <input type="date" name="to" required value={to} min={from} onChange={(e) => setTo(e.target.value)} />
          </label>
          {cityLocked ? (
            <label className="field">
              <span className="label">{t('dash.region')}</span>
              <input value={t(`city.${city}`)} readOnly />
            </label>
          ) : (
            <div className="field">
              <span className="label">{t('dash.region')}</span>
              <RegionSelect value={city} onChange={setCity} />
            </div>
          )}
        </form>
        <TaskProgress task={exporting} label={t('dash.exporting')} />
        <Async state={sum}>
          {(f) => (
            <div className="kpis" data-testid="kpis">
              <Kpi label={t('dash.served')} value={formatNumber(f.enterprisesServed, lang)} />
              <Kpi label={t('dash.solved')} value={formatNumber(f.problemsSolved, lang)} />
              <Kpi label={t('dash.solutions')} value={formatNumber(f.solutions, lang)} />
              <Kpi label={t('dash.proactive')} value={f.proactiveShare === null ? formatNumber(f.proactive, lang) : `${formatNumber(f.proactive, lang)} · ${formatPercent(f.proactiveShare)}`} />
              <Kpi label={t('dash.rate.responseOnTarget')} value={formatPercent(f.responseOnTargetRate)} />
              <Kpi label={t('dash.rate.response')} value={formatPercent(f.responseRate)} />
              <Kpi label={t('dash.rate.resolution')} value={formatPercent(f.resolutionRate)} />
              <Kpi label={t('dash.rate.satisfaction')} value={formatPercent(f.satisfactionRate)} />
              <Kpi label={t('dash.noAnswer')} value={formatNumber(f.noAnswer, lang)} />
              <Kpi label={t('dash.breaches')} value={formatNumber(f.breaches, lang)} />
              <Kpi label={t('dash.escalations')} value={formatNumber(f.escalations, lang)} />
            </div>
          )}
        </Async>
      </Section>
      <Section title={t('dash.rate.responseOnTarget')}>
        <Async state={sum}>
          {(f) => (
            <>
              <DataTable
                testId="response-by-priority"
                rows={PRIORITIES}
                rowKey={(p) => p}
                columns={[
                  { head: t('request.priority'), cell: (p) => t(`priority.${p}`) },
                  { head: t('dash.rate.responseOnTarget'), cell: (p) => formatPercent(f.breakdown.byPriority[p]?.rate ?? null) },
                  { head: t('dash.samples'), cell: (p) => formatNumber(f.breakdown.byPriority[p]?.of ?? 0, lang) },
                ]}
              />
              {f.breakdown.byLiaison.length > 0 && (
                <DataTable
                  testId="by-liaison"
                  rows={f.breakdown.byLiaison}
                  rowKey={(l) => l.liaisonId ?? '-'}
                  columns={[
                    { head: t('dash.liaison'), cell: (l) => liaisonName(l.liaisonId) },
                    { head: t('dash.rate.responseOnTarget'), cell: (l) => formatPercent(l.response.rate) },
                    { head: t('dash.rate.satisfaction'), cell: (l) => formatPercent(l.satisfaction.rate) },
                    { head: t('dash.noAnswer'), cell: (l) => formatNumber(l.noAnswer, lang) },
                  ]}
                />
              )}
            </>
          )}
        </Async>
      </Section>
      <Section title={`${t('dash.rates')} · ${t('dash.byCity')}`}>
        <Async state={cities} empty={(c) => c.rows.length === 0}>
          {({ rows, total }) => (
            <>
              <GroupedBars
                title={t('dash.rates')}
                labels={rows.map((r) => t(`city.${r.cityCode}`))}
                series={[
                  { name: t('dash.rate.response'), values: rows.map((r) => r.responseRate) },
                  { name: t('dash.rate.resolution'), values: rows.map((r) => r.resolutionRate) },
                  { name: t('dash.rate.satisfaction'), values: rows.map((r) => r.satisfactionRate) },
                ]}
              />
              <DataTable
                testId="rates-by-city"
                rows={rows}
                rowKey={(r) => r.cityCode}
                total={total && { head: t('dash.province'), row: total }}
                columns={[
                  { head: t('common.city'), cell: (r) => t(`city.${r.cityCode}`) },
                  { head: t('dash.rate.response'), cell: (r) => formatPercent(r.responseRate) },
                  { head: t('dash.rate.resolution'), cell: (r) => formatPercent(r.resolutionRate) },
                  { head: t('dash.rate.satisfaction'), cell: (r) => formatPercent(r.satisfactionRate) },
                  { head: t('dash.served'), cell: (r) => formatNumber(r.enterprisesServed, lang) },
                  { head: t('dash.solved'), cell: (r) => formatNumber(r.problemsSolved, lang) },
                ]}
              />
            </>
          )}
        </Async>
      </Section>
      <Section title={t('dash.overTime')}>
        <Async state={series} empty={(p) => p.length === 0}>
          {(points) => (
            <Lines
              title={t('dash.overTime')}
              labels={points.map((p) => p.period)}
              series={[
                { name: t('dash.served'), values: points.map((p) => p.enterprisesServed) },
                { name: t('dash.solved'), values: points.map((p) => p.problemsSolved) },
              ]}
            />
          )}
        </Async>
      </Section>
      <Section title={t('dash.breachesTitle')}>
        <Async state={risk} empty={(r) => r.items.length === 0}>
          {(r) => (
            <DataTable
              testId="at-risk"
              rows={r.items.slice(0, 20)}
              rowKey={(c) => `${c.requestId}-${c.kind}`}
              columns={[
                { head: t('common.city'), cell: (c) => t(`city.${c.cityCode}`) },
                {
                  head: t('request.deadline'),
                  cell: (c) => (
                    <>
                      <Link to={`/work/requests/${c.requestId}`}>{t(`clock.${c.kind}`)}</Link> · {Math.round(c.percent)}%
                    </>
                  ),
                },
                { head: t('common.status'), cell: (c) => <span className={`badge badge-${c.breached ? 'breached' : 'warning'}`}>{c.breached ? t('sla.breached') : t('sla.warning')}</span> },
              ]}
            />
          )}
        </Async>
      </Section>
      <Section title={t('dash.narrative')}>
        <Async state={text}>{(s) => <p className="narrative" data-testid="narrative">{s}</p>}</Async>
      </Section>
    </>
  );
}

function RegionSelect({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  return (
    <span className="region">
      <select aria-label={t('dash.region')} value={value ? 'city' : ''} onChange={(e) => onChange(e.target.value ? '210100' : '')}>
        <option value="">{t('dash.province')}</option>
        <option value="city">{t('common.city')}</option>
      </select>
      {value && <CitySelect label={t('common.city')} value={value} onChange={onChange} />}
    </span>
  );
}
