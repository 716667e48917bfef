import { useState } from 'react';
import { useI18n } from '../../i18n';
import { createEnterprise, listEnterprises, type Enterprise } from '../../api/accounts';
import { Async, Field, FormCard, InputField, Section } from '../../components/ui';
import { DataTable } from '../../components/table';
import { CitySelect } from '../../components/city';
import { Link } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { fieldErrors } from '../../lib/problem';
import { useUser } from '../../lib/auth';
import { useAction } from '../../lib/use-action';
import { RecordsSheets } from './records-sheets';

export function EnterprisesScreen() {
  const { t } = useI18n();
  const user = useUser();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [created, setCreated] = useState<Enterprise[]>([]);
  const list = useAsync(() => listEnterprises({ q: search || undefined, limit: 50 }), [search]);
  return (
    <>
      <Section title={t('ent.title')}>
        <form
          className="row search"
          onSubmit={(e) => {
            e.preventDefault();
            setSearch(q.trim());
          }}
        >
          <input type="search" name="q" aria-label={t('ent.search')} placeholder={t('ent.search')} value={q} onChange={(e) => setQ(e.target.value)} />
          <button>{t('common.search')}</button>
        </form>
        {created.length > 0 && <EnterpriseTable items={created} testId="created-enterprises" />}
        <Async state={list} empty={(p) => p.items.length === 0}>
          {(p) => <EnterpriseTable items={p.items.filter((e) => !created.some((c) => c.id === e.id))} testId="enterprise-list" />}
        </Async>
      </Section>
      {user.role !== 'enterprise' && <CreateEnterprise defaultCity={user.cityCode ?? '210100'} onCreated={(e) => setCreated([e, ...created])} />}
      {user.role !== 'enterprise' && <RecordsSheets />}
    </>
  );
}

function EnterpriseTable({ items, testId }: { items: Enterprise[]; testId: string }) {
  const { t } = useI18n();
  return (
    <DataTable
      testId={testId}
      rows={items}
      rowKey={(e) => e.id}
      columns={[
        { head: t('ent.name'), cell: (e) => <Link to={`/enterprises/${e.id}`}>{e.name}</Link> },
        { head: t('ent.uscc'), cell: (e) => <code>{e.uscc}</code> },
        { head: t('common.city'), cell: (e) => t(`city.${e.cityCode}`) },
        { head: t('ent.flags'), cell: (e) => <FlagList e={e} /> },
      ]}
    />
  );
}

export function FlagList({ e }: { e: Enterprise }) {
  const { t } = useI18n();
  const on = (['contactPoint', 'keyEnergyUnit', 'integrityCommitment', 'integrityDemonstration'] as const).filter((f) => e.flags?.[f]);
  return <>{on.length ? on.map((f) => <span key={f} className="badge badge-none">{t(`ent.flag.${f}`)}</span>) : t('common.none')}</>;
}

function CreateEnterprise({ defaultCity, onCreated }: { defaultCity: string; onCreated: (e: Enterprise) => void }) {
  const { t } = useI18n();
  const [uscc, setUscc] = useState('');
  const [name, setName] = useState('');
  const [cityCode, setCityCode] = useState(defaultCity);
  const [industry, setIndustry] = useState('');
  const [address, setAddress] = useState('');
  const action = useAction();
  const errs = fieldErrors(action.error);
  const submit = action.submit(async () => {
    onCreated(await createEnterprise({ uscc: uscc.trim().toUpperCase(), name: name.trim(), cityCode, ...(industry ? { industry } : {}), ...(address ? { address } : {}) }));
    setUscc('');
    setName('');
  });
  return (
    <FormCard title={t('ent.create')} onSubmit={submit} error={action.error} done={action.done && t('ent.created')} submit={t('ent.create')} testId="create-enterprise">
      <div className="row">
        <InputField label={t('ent.uscc')} error={errs.uscc} name="uscc" value={uscc} minLength={18} maxLength={18} required onValue={setUscc} />
        <InputField label={t('ent.name')} error={errs.name} name="name" value={name} required onValue={setName} />
      </div>
      <div className="row">
        <Field label={t('common.city')} error={errs.cityCode}>
          <CitySelect name="cityCode" value={cityCode} onChange={setCityCode} />
        </Field>
        <InputField label={t('ent.industry')} name="industry" value={industry} onValue={setIndustry} />
      </div>
      <InputField label={t('ent.address')} name="address" value={address} onValue={setAddress} />
    </FormCard>
  );
}
