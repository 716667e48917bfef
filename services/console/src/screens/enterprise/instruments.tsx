import { useState } from 'react';
import { SheetImport } from '../../components/sheet-import';
import { useI18n } from '../../i18n';
import { INSTRUMENT_CLASSES, INSTRUMENT_USES, importInstruments, instrumentTemplate, listInstruments, registerInstrument, type CreateInstrument, type Instrument } from '../../api/accounts';
import { CodeSelectField, ErrorBox, InputField, Notice, Section } from '../../components/ui';
import { ItemsList } from '../../components/table';
import { useAsync } from '../../lib/use-async';
import { useUser } from '../../lib/auth';
import { formatDate, todayIso } from '../../lib/format';
import { fieldErrors } from '../../lib/problem';
import { useAction } from '../../lib/use-action';
import { DUE_BADGE, dueState } from '../../lib/instruments';

/** The enterprise's own register: one card per instrument, built for a phone first. */
export function MyInstrumentsScreen() {
  const { t, lang } = useI18n();
  const user = useUser();
  const enterpriseId = user.enterpriseId ?? '';
  const list = useAsync(() => listInstruments({ enterpriseId }), [enterpriseId]);
  const today = todayIso();
  return (
    <>
      <Section
        title={t('inst.mine')}
        actions={
          <button type="button" onClick={() => void instrumentTemplate(lang)}>
            {t('inst.template')}
          </button>
        }
      >
        <ItemsList state={list} testId="my-instruments" item={(i) => <InstrumentCard i={i} today={today} />} />
      </Section>
      <AddInstrument enterpriseId={enterpriseId} onDone={list.reload} />
      <ImportInstruments enterpriseId={enterpriseId} onDone={list.reload} />
    </>
  );
}

function InstrumentCard({ i, today }: { i: Instrument; today: string }) {
  const { t, lang } = useI18n();
  const state = dueState(i.nextDueOn, today);
  return (
    <>
      <strong>
        {t(`inst.class.${i.instrumentClass}`)} {i.model ?? ''}
      </strong>{' '}
      {i.status === 'in_use' ? <span className={DUE_BADGE[state]}>{t(`inst.due.${state}`)}</span> : <span className="badge badge-none">{t(`inst.status.${i.status}`)}</span>}
      <div className="meta">
        {t('inst.serialNo')} {i.serialNo}
        {i.location ? ` · ${i.location}` : ''} · {t(`inst.use.${i.use}`)}
        {i.compulsory ? ` · ${t('inst.compulsory')}` : ''}
      </div>
      <div className="meta">
        {t('inst.nextDueOn')} {formatDate(i.nextDueOn, lang)} · {t('inst.lastVerifiedOn')} {formatDate(i.lastVerifiedOn, lang)}
        {i.certificateNo ? ` · ${i.certificateNo}` : ''}
      </div>
    </>
  );
}

const EMPTY: CreateInstrument = { instrumentClass: 'pressure_gauge', serialNo: '', use: 'safety', cycleMonths: 12, lastVerifiedOn: todayIso(), model: '', location: '', certificateNo: '' };

function AddInstrument({ enterpriseId, onDone }: { enterpriseId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState<CreateInstrument>(EMPTY);
  const { error, done, submit: submitting } = useAction();
  const set = <K extends keyof CreateInstrument>(k: K, v: CreateInstrument[K]) => setForm((f) => ({ ...f, [k]: v }));
  const errs = fieldErrors(error);
  const submit = submitting(async () => {
    // Empty optional boxes are "none", not empty text.
    await registerInstrument(enterpriseId, { ...form, model: form.model || null, location: form.location || null, certificateNo: form.certificateNo || null });
    setForm({ ...EMPTY, instrumentClass: form.instrumentClass, use: form.use });
    onDone();
  });
  const text = (k: 'serialNo' | 'model' | 'location' | 'certificateNo', label: string) => (
    <InputField label={label} error={errs[k]} name={k} value={form[k] ?? ''} onChange={(e) => set(k, e.target.value)} />
  );
  return (
    <Section title={t('inst.add')}>
      <form className="form" onSubmit={submit} data-testid="add-instrument">
        <CodeSelectField label={t('inst.class')} error={errs.instrumentClass} name="instrumentClass" value={form.instrumentClass} codes={INSTRUMENT_CLASSES} prefix="inst.class" onValue={(v) => set('instrumentClass', v)} />
        {text('model', t('inst.model'))}
        {text('serialNo', t('inst.serialNo'))}
        {text('location', t('inst.location'))}
        <CodeSelectField label={t('inst.use')} error={errs.use ?? errs.compulsory} name="use" value={form.use} codes={INSTRUMENT_USES} prefix="inst.use" onValue={(v) => set('use', v)} />
        <InputField label={t('inst.cycleMonths')} error={errs.cycleMonths} name="cycleMonths" type="number" min={1} max={120} value={form.cycleMonths} onChange={(e) => set('cycleMonths', Number(e.target.value))} />
        <InputField label={t('inst.lastVerifiedOn')} error={errs.lastVerifiedOn} name="lastVerifiedOn" type="date" value={form.lastVerifiedOn} onChange={(e) => set('lastVerifiedOn', e.target.value)} />
        {text('certificateNo', t('inst.certificateNo'))}
        <button className="primary">{t('inst.add')}</button>
      </form>
      {done && <Notice>{t('inst.added')}</Notice>}
      {Object.keys(errs).length === 0 && <ErrorBox error={error} />}
    </Section>
  );
}

function ImportInstruments({ enterpriseId, onDone }: { enterpriseId: string; onDone: () => void }) {
  const { t, lang } = useI18n();
  return (
    <SheetImport
      title={t('inst.import')}
      hint={t('inst.importHint')}
      imported={(count) => t('inst.imported', { count })}
      rowErrors={t('inst.rowErrors')}
      run={(file, onProgress) => importInstruments(enterpriseId, file, lang, onProgress)}
      onDone={onDone}
    />
  );
}
