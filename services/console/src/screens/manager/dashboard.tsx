import { useState } from 'react';
import { useI18n } from '../../i18n';
import * as Rep from '../../api/reporting';
import { PRIORITIES_MOST_URGENT_FIRST as PRIORITIES, atRisk } from '../../api/sla';
import { listLiaisons } from '../../api/assignment';
import { Async, ErrorBox, Kpi, Progress, Section } from '../../components/ui';
import { GroupedBars, Lines } from '../../components/charts';
import { CitySelect } from '../../components/city';
import { Link } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
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
  const [exporting, setExporting] = useState<number | null | undefined>(undefined);
  const [exportError, setExportError] = useState<unknown>();

  const doExport = async () => {
    setExportError(undefined);
    setExporting(null);
    try {
      await Rep.exportXlsx(period, lang, setExporting);
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(undefined);
    }
  };

  return (
    <>
      <Section
        title={t('dash.title')}
        actions={
          <button className="primary" onClick={doExport} disabled={exporting !== undefined} data-testid="export">
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
        {exporting !== undefined && <Progress fraction={exporting} label={t('dash.exporting')} />}
        <ErrorBox error={exportError} />
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
              <table className="table" data-testid="response-by-priority">
                <thead>
                  <tr>
                    <th>{t('request.priority')}</th>
                    <th>{t('dash.rate.responseOnTarget')}</th>
                    <th>{t('dash.samples')}</th>
                  </tr>
                </thead>
                <tbody>
                  {PRIORITIES.map((p) => (
                    <tr key={p}>
                      <td data-label={t('request.priority')}>{t(`priority.${p}`)}</td>
                      <td data-label={t('dash.rate.responseOnTarget')}>{formatPercent(f.breakdown.byPriority[p]?.rate ?? null)}</td>
                      <td data-label={t('dash.samples')}>{formatNumber(f.breakdown.byPriority[p]?.of ?? 0, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {f.breakdown.byLiaison.length > 0 && (
                <table className="table" data-testid="by-liaison">
                  <thead>
                    <tr>
                      <th>{t('dash.liaison')}</th>
                      <th>{t('dash.rate.responseOnTarget')}</th>
                      <th>{t('dash.rate.satisfaction')}</th>
                      <th>{t('dash.noAnswer')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {f.breakdown.byLiaison.map((l) => (
                      <tr key={l.liaisonId ?? '-'}>
                        <td data-label={t('dash.liaison')}>{liaisonName(l.liaisonId)}</td>
                        <td data-label={t('dash.rate.responseOnTarget')}>{formatPercent(l.response.rate)}</td>
                        <td data-label={t('dash.rate.satisfaction')}>{formatPercent(l.satisfaction.rate)}</td>
                        <td data-label={t('dash.noAnswer')}>{formatNumber(l.noAnswer, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
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
              <table className="table" data-testid="rates-by-city">
                <thead>
                  <tr>
                    <th>{t('common.city')}</th>
                    <th>{t('dash.rate.response')}</th>
                    <th>{t('dash.rate.resolution')}</th>
                    <th>{t('dash.rate.satisfaction')}</th>
                    <th>{t('dash.served')}</th>
                    <th>{t('dash.solved')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.cityCode}>
                      <td data-label={t('common.city')}>{t(`city.${r.cityCode}`)}</td>
                      <td data-label={t('dash.rate.response')}>{formatPercent(r.responseRate)}</td>
                      <td data-label={t('dash.rate.resolution')}>{formatPercent(r.resolutionRate)}</td>
                      <td data-label={t('dash.rate.satisfaction')}>{formatPercent(r.satisfactionRate)}</td>
                      <td data-label={t('dash.served')}>{formatNumber(r.enterprisesServed, lang)}</td>
                      <td data-label={t('dash.solved')}>{formatNumber(r.problemsSolved, lang)}</td>
                    </tr>
                  ))}
                </tbody>
                {total && (
                  <tfoot>
                    <tr className="total">
                      <th scope="row">{t('dash.province')}</th>
                      <td data-label={t('dash.rate.response')}>{formatPercent(total.responseRate)}</td>
                      <td data-label={t('dash.rate.resolution')}>{formatPercent(total.resolutionRate)}</td>
                      <td data-label={t('dash.rate.satisfaction')}>{formatPercent(total.satisfactionRate)}</td>
                      <td data-label={t('dash.served')}>{formatNumber(total.enterprisesServed, lang)}</td>
                      <td data-label={t('dash.solved')}>{formatNumber(total.problemsSolved, lang)}</td>
                    </tr>
                  </tfoot>
                )}
              </table>
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
            <table className="table" data-testid="at-risk">
              <thead>
                <tr>
                  <th>{t('common.city')}</th>
                  <th>{t('request.deadline')}</th>
                  <th>{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {r.items.slice(0, 20).map((c) => (
                  <tr key={`${c.requestId}-${c.kind}`}>
                    <td data-label={t('common.city')}>{t(`city.${c.cityCode}`)}</td>
                    <td data-label={t('request.deadline')}>
                      <Link to={`/work/requests/${c.requestId}`}>{t(`clock.${c.kind}`)}</Link> · {Math.round(c.percent)}%
                    </td>
                    <td data-label={t('common.status')}>
                      <span className={`badge badge-${c.breached ? 'breached' : 'warning'}`}>{c.breached ? t('sla.breached') : t('sla.warning')}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
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
