import { useI18n } from '../../i18n';
import { addContact, enterpriseOutreach, getEnterprise, listContacts } from '../../api/accounts';
import { useState, type FormEvent } from 'react';
import { useUser } from '../../lib/auth';
import { useToast } from '../../components/toast';
import { fieldErrors } from '../../lib/problem';
import { listRequests } from '../../api/requests';
import { trainedByEnterprise } from '../../api/training';
import { listFiles } from '../../api/qualifications';
import { Async, ErrorBox, InputField, Section, StateTag } from '../../components/ui';
import { DataTable, ItemsList } from '../../components/table';
import { Link } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { formatDate, formatDateTime } from '../../lib/format';
import { ApiError } from '../../api/http';
import { FlagList } from './enterprises';
import { EnterpriseRecords } from './enterprise-records';
import { AuditTrail } from '../../components/audit-trail';
import { useCourseTitle, useQualificationTypeName } from '../../components/names';

export function Enterprise360Screen({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const user = useUser();
  // The actions lead to screens of liaisons and managers; the administrator only reads.
  const acts = user.role === 'liaison' || user.role === 'city_manager' || user.role === 'province_manager';
  const ent = useAsync(() => getEnterprise(id), [id]);
  if (ent.error instanceof ApiError && ent.error.status === 404)
    return (
      <div className="error" role="alert" data-testid="not-found">
        {t('ent.notFound')}
      </div>
    );
  if (ent.error) return <ErrorBox error={ent.error} />;
  return (
    <Async state={ent}>
      {(e) => (
        <div className="grid-360">
          <Section
            title={e.name}
            actions={
              acts && (
                <div className="row" data-testid="ent-actions">
                  <Link className="button primary" to={`/work/new?enterprise=${encodeURIComponent(id)}`}>
                    {t('nav.fileOnBehalf')}
                  </Link>
                  <Link className="button" to={`/outreach?enterprise=${encodeURIComponent(id)}`}>
                    {t('outreach.log')}
                  </Link>
                </div>
              )
            }
          >
            <dl className="facts" data-testid="profile">
              <dt>{t('ent.uscc')}</dt>
              <dd>
                <code>{e.uscc}</code>
              </dd>
              <dt>{t('common.city')}</dt>
              <dd>{t(`city.${e.cityCode}`)}</dd>
              <dt>{t('ent.industry')}</dt>
              <dd>{e.industry ?? t('common.none')}</dd>
              <dt>{t('ent.address')}</dt>
              <dd>{e.address ?? t('common.none')}</dd>
              <dt>{t('ent.size')}</dt>
              <dd>{e.size ? t(`ent.size.${e.size}`) : t('common.none')}</dd>
              <dt>{t('ent.flags')}</dt>
              <dd>
                <FlagList e={e} />
              </dd>
            </dl>
          </Section>
          <Contacts id={id} canAdd={acts} />
          <Requests id={id} />
          <OutreachList id={id} lang={lang} />
          <EnterpriseRecords id={id} uscc={e.uscc} keyEnergyUnit={e.flags.keyEnergyUnit} lang={lang} />
          <Training uscc={e.uscc} />
          <Qualifications uscc={e.uscc} lang={lang} />
          <AuditTrail of={{ enterpriseId: id }} />
          <p className="muted">{t('ent.updatedAt', { at: formatDateTime(e.updatedAt, lang) })}</p>
        </div>
      )}
    </Async>
  );
}

function Contacts({ id, canAdd }: { id: string; canAdd: boolean }) {
  const { t } = useI18n();
  const s = useAsync(() => listContacts(id), [id]);
  return (
    <Section title={t('ent.contacts')}>
      {canAdd && <AddContact id={id} onDone={s.reload} />}
      <ItemsList
        state={s}
        item={(c) => (
          <>
            <strong>{c.name}</strong> {c.role && <span className="muted">{c.role}</span>} {c.primary && <span className="badge badge-none">{t('ent.primary')}</span>}
            <div className="meta">
              {c.phone ?? ''} {c.email ?? ''}
            </div>
          </>
        )}
      />
    </Section>
  );
}

function AddContact({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const empty = { name: '', role: '', phone: '', email: '' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<unknown>();
  const errs = fieldErrors(error);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await addContact(id, { name: form.name.trim(), role: form.role.trim() || null, phone: form.phone.trim() || null, email: form.email.trim() || null });
      setForm(empty);
      toast(t('ent.contactAdded', { name: form.name.trim() }));
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="row filters" aria-label={t('ent.addContact')} onSubmit={submit} data-testid="add-contact">
      <InputField label={t('ent.contactName')} error={errs.name} name="contactName" value={form.name} onChange={set('name')} required maxLength={100} />
      <InputField label={t('ent.contactRole')} error={errs.role} name="contactRole" value={form.role} onChange={set('role')} maxLength={100} />
      <InputField label={t('ent.contactPhone')} error={errs.phone} name="contactPhone" type="tel" value={form.phone} onChange={set('phone')} maxLength={40} />
      <InputField label={t('ent.contactEmail')} error={errs.email} name="contactEmail" type="email" value={form.email} onChange={set('email')} maxLength={200} />
      <button type="submit">{t('ent.addContact')}</button>
      {error !== undefined && !Object.keys(errs).length && <ErrorBox error={error} />}
    </form>
  );
}

function Requests({ id }: { id: string }) {
  const { t } = useI18n();
  const s = useAsync(() => listRequests({ enterpriseId: id, sort: 'newest', limit: 20 }), [id]);
  return (
    <Section title={t('ent.requests')}>
      <ItemsList
        state={s}
        item={(r) => (
          <>
            {/* The number stays whole; the title may start a line of its own after it. */}
            {r.number && <span className="nowrap">{r.number} ·</span>}{r.number && ' '}
            <Link to={`/work/requests/${r.id}`}>{r.title}</Link> <StateTag state={r.state} />
          </>
        )}
      />
    </Section>
  );
}

function OutreachList({ id, lang }: { id: string; lang: 'zh-CN' | 'en' }) {
  const { t } = useI18n();
  const s = useAsync(() => enterpriseOutreach(id), [id]);
  return (
    <Section title={t('ent.outreach')}>
      <ItemsList
        state={s}
        item={(o) => (
          <>
            <strong>{formatDate(o.date, lang)}</strong> · {t(`outreach.kind.${o.kind}`)} {o.campaign && `· ${o.campaign}`}
            {o.notes && <div className="meta">{o.notes}</div>}
          </>
        )}
      />
    </Section>
  );
}

function Training({ uscc }: { uscc: string }) {
  const { t } = useI18n();
  const courseTitle = useCourseTitle();
  const s = useAsync(() => trainedByEnterprise(uscc), [uscc]);
  return (
    <Section title={t('ent.training')}>
      <Async state={s} empty={(d) => (d.rows ?? []).length === 0}>
        {(d) => (
          <DataTable
            rows={d.rows}
            rowKey={(r) => r.key}
            columns={[
              { head: t('training.course'), cell: (r) => courseTitle(r.key) },
              { head: t('training.people'), cell: (r) => r.people },
              { head: t('training.passed'), cell: (r) => r.passed },
              { head: t('training.hours'), cell: (r) => r.hours },
            ]}
          />
        )}
      </Async>
    </Section>
  );
}

function Qualifications({ uscc, lang }: { uscc: string; lang: 'zh-CN' | 'en' }) {
  const { t } = useI18n();
  const typeName = useQualificationTypeName();
  const s = useAsync(() => listFiles({ employerUscc: uscc }), [uscc]);
  return (
    <Section title={t('ent.qualifications')}>
      <ItemsList
        state={s}
        item={(f) => (
          <>
            <strong>{f.personName}</strong> · {typeName(f.type)} · <code>{f.certificateNo}</code> · {t(`qual.status.${f.status}`)} · {formatDate(f.expiresOn, lang)}
          </>
        )}
      />
    </Section>
  );
}
