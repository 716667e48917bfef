import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { CATEGORIES, type Category } from '../../api/requests';
import { OUTREACH_KINDS, listOutreach, logOutreach, type Enterprise, type OutreachKind } from '../../api/accounts';
import { EnterprisePicker, useEnterpriseFromAddress } from '../../components/enterprise-picker';
import { EnterpriseName } from '../../components/names';
import { listCampaigns } from '../../api/programmes';
import { Async, ErrorBox, Field, Notice, Section } from '../../components/ui';
import { Link } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { formatDate, todayIso } from '../../lib/format';
import { fieldErrors } from '../../lib/problem';
import { useUser } from '../../lib/auth';

export function OutreachScreen() {
  const { t, lang } = useI18n();
  const user = useUser();
  const list = useAsync(() => listOutreach({ cityCode: user.cityCode ?? undefined }), [user.cityCode]);
  return (
    <>
      <LogForm onDone={list.reload} />
      <Section title={t('outreach.title')}>
        <Async state={list} empty={(d) => d.items.length === 0}>
          {(d) => (
            <table className="table" data-testid="outreach-list">
              <thead>
                <tr>
                  <th>{t('common.date')}</th>
                  <th>{t('outreach.kind')}</th>
                  <th>{t('outreach.campaign')}</th>
                  <th>{t('request.enterprise')}</th>
                  <th>{t('outreach.notes')}</th>
                  <th>{t('outreach.problems')}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((o) => (
                  <tr key={o.id}>
                    <td data-label={t('common.date')}>{formatDate(o.date, lang)}</td>
                    <td data-label={t('outreach.kind')}>{t(`outreach.kind.${o.kind}`)}</td>
                    <td data-label={t('outreach.campaign')}>{o.campaign ?? t('common.none')}</td>
                    <td data-label={t('request.enterprise')}>
                      <Link to={`/enterprises/${o.enterpriseId}`}>
                        <EnterpriseName id={o.enterpriseId} />
                      </Link>
                    </td>
                    <td data-label={t('outreach.notes')}>{o.notes ?? ''}</td>
                    <td data-label={t('outreach.problems')}>{o.problems.length > 0 ? o.problems.map((p) => p.title).join('；') : t('common.none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Async>
      </Section>
    </>
  );
}

function LogForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [enterprise, setEnterprise] = useState<Enterprise | null>(null);
  useEnterpriseFromAddress(setEnterprise);
  const [date, setDate] = useState(todayIso());
  const [kind, setKind] = useState<OutreachKind>('visit');
  const [campaignId, setCampaignId] = useState('');
  const year = Number(date.slice(0, 4)) || new Date().getFullYear();
  // The campaigns the caller's city takes part in during the visit's year, picked by name.
  const campaigns = useAsync(() => listCampaigns(year), [year]);
  const [notes, setNotes] = useState('');
  const [problem, setProblem] = useState('');
  const [category, setCategory] = useState<Category>('verification_calibration');
  const [error, setError] = useState<unknown>();
  const [ok, setOk] = useState(false);
  const errs = fieldErrors(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setOk(false);
    try {
      if (!enterprise) return setError(new Error(t('onBehalf.pickFirst')));
      await logOutreach(enterprise.id, {
        date,
        kind,
        ...(campaignId ? { campaignId } : {}),
        ...(notes ? { notes } : {}),
        ...(problem ? { problems: [{ category, title: problem.slice(0, 200), description: problem }] } : {}),
      });
      setOk(true);
      setNotes('');
      setProblem('');
      setCampaignId('');
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Section title={t('outreach.log')}>
      <form className="form" onSubmit={submit}>
        <div className="row">
          <EnterprisePicker value={enterprise} onChange={setEnterprise} />
          <Field label={t('common.date')} error={errs.date}>
            <input type="date" name="date" value={date} required onChange={(e) => setDate(e.target.value)} />
          </Field>
          <Field label={t('outreach.kind')}>
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as OutreachKind)}>
              {OUTREACH_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`outreach.kind.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('outreach.campaign')} error={errs.campaignId}>
            <select name="campaignId" value={campaignId} onChange={(e) => setCampaignId(e.target.value)}>
              <option value="">{t('outreach.noCampaign')}</option>
              {(campaigns.data?.items ?? [])
                .filter((c) => c.startDate <= date && c.endDate >= date)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
            </select>
          </Field>
        </div>
        <Field label={t('outreach.notes')}>
          <textarea name="notes" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </Field>
        <div className="row">
          <Field label={t('outreach.problemTitle')}>
            <input name="problem" value={problem} onChange={(e) => setProblem(e.target.value)} />
          </Field>
          <Field label={t('request.category')}>
            <select value={category} onChange={(e) => setCategory(e.target.value as Category)}>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <ErrorBox error={error} />
        {ok && <Notice>{t('outreach.logged')}</Notice>}
        <button className="primary">{t('outreach.log')}</button>
      </form>
    </Section>
  );
}
