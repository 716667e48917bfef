import { useState } from 'react';
import { useI18n } from '../../i18n';
import { createCampaign, exportActivities, importActivities, listActivities, listCampaigns, recordActivity, FIGURES, PROGRAMMES, VENUE_KINDS, type Activity, type Campaign, type Figure, type ImportReport, type Programme, type VenueKind } from '../../api/programmes';
import { CodeSelectField, ErrorBox, Field, FileInput, FormCard, InputField, Progress, Section, YearInput } from '../../components/ui';
import { ItemsTable } from '../../components/table';
import { CitySelect, CITY_CODES } from '../../components/city';
import { useAsync } from '../../lib/use-async';
import { formatDate, formatNumber, todayIso } from '../../lib/format';
import { useUser } from '../../lib/auth';
import { useAction, useProgressTask } from '../../lib/use-action';

/** Campaigns of a year and, for the one picked, its activities: record, import, export. */
export function CampaignsScreen() {
  const { t, lang } = useI18n();
  const user = useUser();
  const [year, setYear] = useState(new Date().getFullYear());
  const campaigns = useAsync(() => listCampaigns(year), [year]);
  const [picked, setPicked] = useState<Campaign | null>(null);
  const canCreate = user.role === 'province_manager' || user.role === 'admin' || user.role === 'city_manager';
  return (
    <>
      <Section
        title={t('programmes.campaigns')}
        actions={<YearInput value={year} onChange={setYear} />}
      >
        <ItemsTable
          state={campaigns}
          testId="campaigns"
          columns={[
            { head: t('common.name'), cell: (c) => c.name },
            { head: t('programmes.programme'), cell: (c) => t(`programme.${c.programme}`) },
            { head: t('programmes.organiser'), cell: (c) => (c.organiser.kind === 'province' ? t('programmes.organiser.province') : t(`city.${c.organiser.code}`)) },
            { head: t('programmes.period'), cell: (c) => `${formatDate(c.startDate, lang)} – ${formatDate(c.endDate, lang)}` },
            { head: t('programmes.cities'), cell: (c) => c.cityCodes.map((code) => t(`city.${code}`)).join('、') },
            {
              head: t('common.actions'),
              cell: (c) => (
                <button type="button" onClick={() => setPicked(c)}>
                  {t('programmes.activities')}
                </button>
              ),
            },
          ]}
        />
      </Section>
      {canCreate && <CampaignForm onDone={campaigns.reload} />}
      {picked && <Activities campaign={picked} />}
    </>
  );
}

function CampaignForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const user = useUser();
  const cityOnly = user.role === 'city_manager';
  const [name, setName] = useState('');
  const [programme, setProgramme] = useState<Programme>('livelihood');
  const [startDate, setStart] = useState(todayIso());
  const [endDate, setEnd] = useState(todayIso());
  const [cities, setCities] = useState<string[]>(cityOnly ? [user.cityCode!] : []);
  const action = useAction();
  const submit = action.submit(async () => {
    await createCampaign({ name, programme, startDate, endDate, organiser: cityOnly ? { kind: 'city', code: user.cityCode! } : { kind: 'province' }, cityCodes: cityOnly ? [] : cities });
    setName('');
    onDone();
  });
  return (
    <FormCard title={t('programmes.create')} onSubmit={submit} error={action.error} submit={t('common.create')}>
      <div className="row">
        <InputField label={t('common.name')} value={name} required onValue={setName} />
        <CodeSelectField label={t('programmes.programme')} value={programme} codes={PROGRAMMES} prefix="programme" onValue={setProgramme} />
      </div>
      <div className="row">
        <InputField label={t('common.from')} type="date" value={startDate} onValue={setStart} />
        <InputField label={t('common.to')} type="date" value={endDate} onValue={setEnd} />
      </div>
      {!cityOnly && (
        <fieldset className="checks">
          <legend className="label">{t('programmes.cities')}</legend>
          {CITY_CODES.map((c) => (
            <label key={c}>
              <input type="checkbox" checked={cities.includes(c)} onChange={(e) => setCities(e.target.checked ? [...cities, c] : cities.filter((x) => x !== c))} /> {t(`city.${c}`)}
            </label>
          ))}
        </fieldset>
      )}
    </FormCard>
  );
}

function Activities({ campaign }: { campaign: Campaign }) {
  const { t, lang } = useI18n();
  const user = useUser();
  const activities = useAsync(() => listActivities(campaign.id), [campaign.id]);
  const records = user.role === 'liaison' || user.role === 'city_manager' || user.role === 'admin';
  return (
    <>
      <Section
        title={`${campaign.name} · ${t('programmes.activities')}`}
        actions={
          <button type="button" onClick={() => void exportActivities(campaign.id, lang, `${campaign.name}.xlsx`)}>
            {t('programmes.export')}
          </button>
        }
      >
        <ItemsTable
          state={activities}
          testId="activities"
          columns={[
            { head: t('common.city'), cell: (a) => t(`city.${a.cityCode}`) },
            { head: t('common.date'), cell: (a) => formatDate(a.date, lang) },
            { head: t('programmes.venueKind'), cell: (a) => t(`venue.${a.venueKind}`) },
            ...FIGURES.map((f) => ({ head: t(`programmes.figure.${f}`), cell: (a: Activity) => formatNumber(a[f], lang) })),
          ]}
        />
      </Section>
      {records && <ActivityForm campaign={campaign} onDone={activities.reload} />}
      {records && <ActivityImport campaign={campaign} onDone={activities.reload} />}
    </>
  );
}

function ActivityForm({ campaign, onDone }: { campaign: Campaign; onDone: () => void }) {
  const { t } = useI18n();
  const user = useUser();
  const [cityCode, setCity] = useState(user.cityCode ?? campaign.cityCodes[0] ?? '');
  const [date, setDate] = useState(campaign.startDate);
  const [venueKind, setVenue] = useState<VenueKind>('market');
  const [figures, setFigures] = useState<Record<Figure, number>>({ venues: 0, instrumentsChecked: 0, instrumentsVerifiedFree: 0, peopleServed: 0, problemsFound: 0, mediaReports: 0 });
  const [notes, setNotes] = useState('');
  const action = useAction();
  const submit = action.submit(async () => {
    await recordActivity(campaign.id, { cityCode, date, venueKind, ...figures, notes: notes || null });
    onDone();
  });
  return (
    <FormCard title={t('programmes.record')} onSubmit={submit} error={action.error} submit={t('common.save')}>
      <div className="row">
        {!user.cityCode && (
          <Field label={t('common.city')}>
            <CitySelect value={cityCode} onChange={setCity} />
          </Field>
        )}
        <InputField label={t('common.date')} type="date" value={date} min={campaign.startDate} max={campaign.endDate} onValue={setDate} />
        <CodeSelectField label={t('programmes.venueKind')} value={venueKind} codes={VENUE_KINDS} prefix="venue" onValue={setVenue} />
      </div>
      <div className="row">
        {FIGURES.map((f) => (
          <InputField key={f} label={t(`programmes.figure.${f}`)} type="number" min={0} value={figures[f]} onChange={(e) => setFigures({ ...figures, [f]: Number(e.target.value) })} />
        ))}
      </div>
      <InputField label={t('programmes.notes')} value={notes} onValue={setNotes} />
    </FormCard>
  );
}

function ActivityImport({ campaign, onDone }: { campaign: Campaign; onDone: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | undefined>();
  const { progress, error, submit } = useProgressTask();
  const start = submit(async (setProgress) => {
    if (!file) return;
    setReport(await importActivities(campaign.id, file, setProgress));
    onDone();
  });
  return (
    <Section title={t('programmes.import')}>
      <form className="form" onSubmit={start}>
        <p className="muted">{t('programmes.import.hint')}</p>
        <FileInput accept=".xlsx" aria-label={t('programmes.importFile')} count={file ? 1 : 0} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        {progress !== undefined && <Progress fraction={progress} label={t('common.progress', { percent: `${Math.round((progress ?? 0) * 100)}%` })} />}
        <ErrorBox error={error} />
        <button className="primary" disabled={!file}>
          {t('common.upload')}
        </button>
      </form>
      {report && (
        <div data-testid="import-report">
          <p>{t('programmes.import.summary', { created: report.created, updated: report.updated, unchanged: report.unchanged, failed: report.failed })}</p>
          <ul>
            {report.rows
              .filter((r) => r.status === 'failed')
              .map((r) => (
                <li key={r.row}>
                  {t('programmes.import.row', { row: r.row })}: {(r.errors ?? []).map((x) => x.message).join('; ')}
                </li>
              ))}
          </ul>
        </div>
      )}
    </Section>
  );
}
