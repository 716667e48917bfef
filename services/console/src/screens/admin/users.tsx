import { useState } from 'react';
import { useI18n } from '../../i18n';
import { ROLES, createUser, listUsers, updateUser, type Role, type User } from '../../api/identity';
import { CodeOptions, CodeSelectField, ErrorBox, Field, FormCard, InputField, Section } from '../../components/ui';
import { ItemsTable } from '../../components/table';
import { ConfirmButton } from '../../components/dialog';
import { useToast } from '../../components/toast';
import { EnterpriseName } from '../../components/names';
import { CitySelect } from '../../components/city';
import { useAsync } from '../../lib/use-async';
import { fieldErrors } from '../../lib/problem';
import { useAction } from '../../lib/use-action';

export function UsersScreen() {
  const { t } = useI18n();
  const [role, setRole] = useState<Role | ''>('');
  const [q, setQ] = useState('');
  const list = useAsync(() => listUsers({ role: role || undefined, q: q || undefined, limit: 100 }), [role, q]);
  const action = useAction();
  const toast = useToast();
  const enable = (u: User) =>
    action.run(async () => {
      await updateUser(u.id, { version: u.version, active: true });
      toast(t('users.enabled', { name: u.name }));
      list.reload();
    });
  return (
    <>
      <Section title={t('users.title')}>
        <div className="row filters">
          <select aria-label={t('users.role')} value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
            <option value="">{t('queue.filter.all')}</option>
            <CodeOptions codes={ROLES} prefix="role" />
          </select>
          <input type="search" name="q" aria-label={t('users.search')} placeholder={t('users.search')} value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <ErrorBox error={action.error} />
        <ItemsTable
          state={list}
          testId="users"
          columns={[
            { head: t('users.username'), cell: (u) => <code>{u.username}</code> },
            { head: t('users.name'), cell: (u) => u.name },
            { head: t('users.role'), cell: (u) => t(`role.${u.role}`) },
            { head: t('users.binding'), cell: (u) => (u.cityCode ? t(`city.${u.cityCode}`) : u.enterpriseId ? <EnterpriseName id={u.enterpriseId} /> : t('common.none')) },
            {
              head: t('common.status'),
              cell: (u) => (
                <>
                  {u.active ? t('users.active') : <span className="badge badge-breached">{t('users.disable')}</span>} {u.locked && <span className="badge badge-warning">{t('users.locked')}</span>}
                </>
              ),
            },
            {
              head: t('common.actions'),
              cell: (u) =>
                u.active ? (
                  <ConfirmButton
                    className="small danger"
                    label={t('users.disable')}
                    title={t('users.disableConfirmTitle', { name: u.name })}
                    message={t('users.disableConfirm', { name: u.name })}
                    action={() => updateUser(u.id, { version: u.version, active: false })}
                    onDone={() => {
                      toast(t('users.disabled', { name: u.name }));
                      list.reload();
                    }}
                  />
                ) : (
                  <button className="small" onClick={() => void enable(u)}>
                    {t('users.enable')}
                  </button>
                ),
            },
          ]}
        />
      </Section>
      <NewUser onCreated={list.reload} />
    </>
  );
}

function NewUser({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('liaison');
  const [password, setPassword] = useState('');
  const [cityCode, setCityCode] = useState('210100');
  const [enterpriseId, setEnterpriseId] = useState('');
  const action = useAction();
  const toast = useToast();
  const errs = fieldErrors(action.error);
  const needsCity = role === 'liaison' || role === 'city_manager';
  const submit = action.submit(async () => {
    await createUser({ username: username.trim(), name: name.trim(), role, password, ...(needsCity ? { cityCode } : {}), ...(role === 'enterprise' ? { enterpriseId: enterpriseId.trim() } : {}) });
    toast(t('users.created'));
    setUsername('');
    setName('');
    setPassword('');
    onCreated();
  });
  return (
    <FormCard title={t('users.create')} onSubmit={submit} error={action.error} submit={t('users.create')} testId="new-user">
      <div className="row">
        <InputField label={t('users.username')} error={errs.username} name="username" value={username} required onValue={setUsername} />
        <InputField label={t('users.name')} error={errs.name} name="name" value={name} required onValue={setName} />
      </div>
      <div className="row">
        <CodeSelectField label={t('users.role')} name="role" value={role} codes={ROLES} prefix="role" onValue={setRole} />
        {needsCity && (
          <Field label={t('common.city')} error={errs.cityCode}>
            <CitySelect name="cityCode" value={cityCode} onChange={setCityCode} />
          </Field>
        )}
        {role === 'enterprise' && (
          <InputField label={t('users.enterpriseId')} error={errs.enterpriseId} name="enterpriseId" value={enterpriseId} required onValue={setEnterpriseId} />
        )}
      </div>
      <InputField label={t('users.password')} hint={t('users.passwordHint')} error={errs.password} name="password" type="password" autoComplete="new-password" value={password} required onValue={setPassword} />
    </FormCard>
  );
}
