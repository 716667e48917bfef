import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import * as R from '../../api/requests';
import { CodeSelectField, Field, InputField, Section } from '../../components/ui';
import { useAsync } from '../../lib/use-async';

/** States in which on-site visits can be arranged (the requests service enforces the same). */
const VISIT_STATES: R.State[] = ['assigned', 'responded', 'in_progress', 'waiting_enterprise'];

type Run = (fn: () => Promise<unknown>) => Promise<void>;
type Form = { kind: 'schedule' } | { kind: 'reschedule'; visit: R.Visit } | { kind: 'cancel'; visit: R.Visit } | { kind: 'complete'; visit: R.Visit } | null;

const localToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** One visit in words: day, half-day, verifiers by name and institute, what it covers and how it stands. */
export function VisitList({ visits }: { visits: R.Visit[] }) {
  const { t } = useI18n();
  if (visits.length === 0) return <p className="muted">{t('visit.none')}</p>;
  return (
    <ul className="visits" data-testid="visits">
      {visits.map((v) => (
        <li key={v.id} className={`visit visit-${v.status}`}>
          <strong>
            {v.date} {t(`visit.slot.${v.slot}`)}
          </strong>{' '}
          · {t(`visit.status.${v.status}`)}
          <div>
            {t('visit.verifiers')}: {v.verifiers.map((x) => `${x.name}${x.instituteName ? `（${x.instituteName}）` : ''}`).join('、')}
          </div>
          {v.instruments.length > 0 && <div>{v.instruments.map((i) => `${i.class} × ${i.count}`).join('、')}</div>}
          {v.siteAddress && <div>{v.siteAddress}</div>}
          {v.status === 'scheduled' &&
            v.flags.map((f) => (
              <p key={`${f.personKey}${f.at}`} className="error" data-testid="visit-flag">
                {t('visit.flagged', { name: f.verifierName })}: {f.reason}
              </p>
            ))}
          {v.cancelReason && <div>{t('visit.cancelReason')}: {v.cancelReason}</div>}
          {v.result && (
            <div>
              {t('visit.verified')}: {v.result.verified.map((i) => `${i.class} × ${i.count}`).join('、')}
              {v.result.freeOfCharge && ` · ${t('visit.freeOfCharge')}`}
              {v.result.certificateNos.length > 0 && ` · ${t('visit.certificates')}: ${v.result.certificateNos.join(', ')}`}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The request's visits, and for the assignee or a manager, scheduling, rescheduling, cancelling and completing them. */
export function VisitsPanel({ r, canArrange, run }: { r: R.Request; canArrange: boolean; run: Run }) {
  const { t } = useI18n();
  const [form, setForm] = useState<Form>(null);
  const visits = r.visits ?? [];
  const active = canArrange && VISIT_STATES.includes(r.state);
  const done: Run = async (fn) => {
    await run(fn);
    setForm(null);
  };
  return (
    <Section
      title={t('visit.title')}
      actions={
        active ? (
          <button type="button" onClick={() => setForm(form?.kind === 'schedule' ? null : { kind: 'schedule' })}>
            {t('visit.schedule')}
          </button>
        ) : undefined
      }
    >
      <VisitList visits={visits} />
      {active &&
        visits
          .filter((v) => v.status === 'scheduled')
          .map((v) => (
            <div className="actions" key={v.id}>
              <span>
                {v.date} {t(`visit.slot.${v.slot}`)}
              </span>
              <button type="button" onClick={() => setForm({ kind: 'reschedule', visit: v })}>
                {t('visit.reschedule')}
              </button>
              <button type="button" onClick={() => setForm({ kind: 'complete', visit: v })}>
                {t('visit.complete')}
              </button>
              <button type="button" className="danger" onClick={() => setForm({ kind: 'cancel', visit: v })}>
                {t('visit.cancel')}
              </button>
            </div>
          ))}
      {form && (form.kind === 'schedule' || form.kind === 'reschedule') && <PlanForm key={form.kind === 'reschedule' ? form.visit.id : 'new'} r={r} visit={form.kind === 'reschedule' ? form.visit : null} run={done} />}
      {form?.kind === 'cancel' && <CancelForm r={r} visit={form.visit} run={done} />}
      {form?.kind === 'complete' && <CompleteForm r={r} visit={form.visit} run={done} />}
    </Section>
  );
}

/** Schedule or reschedule: a date, a half-day and verifiers picked by name from those the service lists. */
function PlanForm({ r, visit, run }: { r: R.Request; visit: R.Visit | null; run: Run }) {
  const { t } = useI18n();
  const [date, setDate] = useState(visit?.date ?? localToday());
  const [slot, setSlot] = useState<R.VisitSlot>(visit?.slot ?? 'morning');
  const [picked, setPicked] = useState<string[]>(visit?.verifiers.map((v) => v.personKey) ?? []);
  const classes = (visit?.instruments ?? r.instruments).map((i) => i.class);
  const list = useAsync(() => R.listVerifiers({ cityCode: r.cityCode, classes, date }), [r.cityCode, date, classes.join(',')]);
  const toggle = (key: string) => setPicked(picked.includes(key) ? picked.filter((k) => k !== key) : [...picked, key]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { version: r.version, date, slot, verifierKeys: picked };
    void run(() => (visit ? R.rescheduleVisit(r.id, visit.id, body) : R.scheduleVisit(r.id, body)));
  };
  return (
    <form className="form card inset" onSubmit={submit} data-testid="visit-form">
      <div className="row">
        <InputField label={t('visit.date')} type="date" name="date" required min={localToday()} value={date} onValue={setDate} />
        <CodeSelectField label={t('visit.slot')} name="slot" value={slot} codes={R.VISIT_SLOTS} prefix="visit.slot" onValue={setSlot} />
      </div>
      <Field label={t('visit.verifiers')} hint={t('visit.verifiersHint')}>
        <div data-testid="verifier-picker">
          {list.data?.institutes.length === 0 && <p className="muted">{t('visit.noVerifiers')}</p>}
          {list.data?.institutes.map((inst) => (
            <fieldset key={inst.uscc}>
              <legend>{inst.name ?? t('visit.unknownInstitute')}</legend>
              {inst.verifiers.map((v) => (
                <label key={v.personKey} className="check">
                  <input type="checkbox" disabled={!v.qualified && !picked.includes(v.personKey)} checked={picked.includes(v.personKey)} onChange={() => toggle(v.personKey)} /> {v.name}
                  {v.userName && ` (${v.userName})`}
                  {!v.qualified && <span className="muted"> — {t('visit.notQualified')}: {v.reasons.join('; ')}</span>}
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      </Field>
      <button className="primary" disabled={picked.length === 0}>
        {visit ? t('visit.reschedule') : t('visit.schedule')}
      </button>
    </form>
  );
}

function CancelForm({ r, visit, run }: { r: R.Request; visit: R.Visit; run: Run }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <form
      className="form card inset"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => R.cancelVisit(r.id, visit.id, r.version, reason));
      }}
    >
      <Field label={t('visit.cancelReason')}>
        <textarea name="reason" rows={2} required value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <button className="danger">{t('visit.cancel')}</button>
    </form>
  );
}

function CompleteForm({ r, visit, run }: { r: R.Request; visit: R.Visit; run: Run }) {
  const { t } = useI18n();
  const [counts, setCounts] = useState<number[]>(visit.instruments.map((i) => i.count));
  const [free, setFree] = useState(false);
  const [certs, setCerts] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const certificateNos = certs.split(/[,，\s]+/).map((c) => c.trim()).filter(Boolean);
    void run(() => R.completeVisit(r.id, visit.id, { version: r.version, verified: visit.instruments.map((i, n) => ({ class: i.class, count: counts[n] ?? 0 })), freeOfCharge: free, certificateNos }));
  };
  return (
    <form className="form card inset" onSubmit={submit} data-testid="visit-complete">
      {visit.instruments.map((i, n) => (
        <InputField key={i.class} label={`${i.class} (${t('visit.verifiedCount')})`} type="number" min={0} max={100000} value={counts[n] ?? 0} onChange={(e) => setCounts(counts.map((c, k) => (k === n ? Number(e.target.value) : c)))} />
      ))}
      <label className="check">
        <input type="checkbox" checked={free} onChange={(e) => setFree(e.target.checked)} /> {t('visit.freeOfCharge')}
      </label>
      <InputField label={t('visit.certificates')} hint={t('visit.certificatesHint')} name="certificateNos" value={certs} onValue={setCerts} />
      <button className="primary" disabled={visit.instruments.length === 0}>
        {t('visit.complete')}
      </button>
    </form>
  );
}
