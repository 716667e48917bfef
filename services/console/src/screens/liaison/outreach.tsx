import { useState } from 'react';
import { useI18n } from '../../i18n';
import { CATEGORIES, type Category } from '../../api/requests';
import { OUTREACH_KINDS, listOutreach, logOutreach, type Enterprise, type OutreachKind } from '../../api/accounts';
import { EnterprisePicker, useEnterpriseFromAddress } from '../../components/enterprise-picker';
import { EnterpriseName } from '../../components/names';
import { listCampaigns } from '../../api/programmes';
import { CodeSelectField, Field, FormCard, InputField, Section } from '../../components/ui';
import { ItemsTable } from '../../components/table';
import { Link } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { formatDate, todayIso } from '../../lib/format';
import { fieldErrors } from '../../lib/problem';
import { useUser } from '../../lib/auth';
import { useAction } from '../../lib/use-action';

export function OutreachScreen() {
  const { t, lang } = useI18n();
  const user = useUser();
  const list = useAsync(() => listOutreach({ cityCode: user.cityCode ?? undefined }), [user.cityCode]);
  return (
    <>
      <LogForm onDone={list.reload} />
      <Section title={t('outreach.title')}>
        <ItemsTable
          state={list}
          testId="outreach-list"
          columns={[
            { head: t('common.date'), cell: (o) => formatDate(o.date, lang) },
            { head: t('outreach.kind'), cell: (o) => t(`outreach.kind.${o.kind}`) },
            { head: t('outreach.campaign'), cell: (o) => o.campaign ?? t('common.none') },
            {
              head: t('request.enterprise'),
              cell: (o) => (
                <Link to={`/enterprises/${o.enterpriseId}`}>
                  <EnterpriseName id={o.enterpriseId} />
                </Link>
              ),
            },
            { head: t('outreach.notes'), cell: (o) => o.notes ?? '' },
            { head: t('outreach.problems'), cell: (o) => (o.problems.length > 0 ? o.problems.map((p) => p.title).join('；') : t('common.none')) },
          ]}
        />
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
  const action = useAction();
  const errs = fieldErrors(action.error);
  const submit = action.submit(async () => {
    if (!enterprise) throw new Error(t('onBehalf.pickFirst'));
    await logOutreach(enterprise.id, {
      date,
      kind,
      ...(campaignId ? { campaignId } : {}),
      ...(notes ? { notes } : {}),
      ...(problem ? { problems: [{ category, title: problem.slice(0, 200), description: problem }] } : {}),
    });
    setNotes('');
    setProblem('');
    setCampaignId('');
    onDone();
  });
  return (
    <FormCard title={t('outreach.log')} onSubmit={submit} error={action.error} done={action.done && t('outreach.logged')} submit={t('outreach.log')}>
      <div className="row">
        <EnterprisePicker value={enterprise} onChange={setEnterprise} />
        <InputField label={t('common.date')} error={errs.date} type="date" name="date" value={date} required onValue={setDate} />
        <CodeSelectField label={t('outreach.kind')} name="kind" value={kind} codes={OUTREACH_KINDS} prefix="outreach.kind" onValue={setKind} />
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
        <InputField label={t('outreach.problemTitle')} name="problem" value={problem} onValue={setProblem} />
        <CodeSelectField label={t('request.category')} value={category} codes={CATEGORIES} prefix="category" onValue={setCategory} />
      </div>
    </FormCard>
  );
}
