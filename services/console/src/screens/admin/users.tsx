import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { ROLES, createUser, listUsers, updateUser, type Role, type User } from '../../api/identity';
import { Async, ErrorBox, Field, Section } from '../../components/ui';
import { ConfirmButton } from '../../components/dialog';
import { useToast } from '../../components/toast';
import { EnterpriseName } from '../../components/names';
import { CitySelect } from '../../components/city';
import { useAsync } from '../../lib/use-async';
import { fieldErrors } from '../../lib/problem';

export function UsersScreen() {
  const { t } = useI18n();
  const [role, setRole] = useState<Role | ''>('');
  const [q, setQ] = useState('');
  const list = useAsync(() => listUsers({ role: role || undefined, q: q || undefined, limit: 100 }), [role, q]);
  const [error, setError] = useState<unknown>();
  const toast = useToast();
  const enable = async (u: User) => {
    setError(undefined);
    try {
      await updateUser(u.id, { version: u.version, active: true });
      toast(t('users.enabled', { name: u.name }));
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <Section title={t('users.title')}>
        <div className="row filters">
          <select aria-label={t('users.role')} value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
            <option value="">{t('queue.filter.all')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
          <input type="search" name="q" aria-label={t('users.search')} placeholder={t('users.search')} value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <ErrorBox error={error} />
        <Async state={list} empty={(p) => p.items.length === 0}>
          {(p) => (
            <table className="table" data-testid="users">
              <thead>
                <tr>
                  <th>{t('users.username')}</th>
                  <th>{t('users.name')}</th>
                  <th>{t('users.role')}</th>
                  <th>{t('users.binding')}</th>
                  <th>{t('common.status')}</th>
                  <th>{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((u) => (
                  <tr key={u.id}>
                    <td data-label={t('users.username')}>
                      <code>{u.username}</code>
                    </td>
                    <td data-label={t('users.name')}>{u.name}</td>
                    <td data-label={t('users.role')}>{t(`role.${u.role}`)}</td>
                    <td data-label={t('users.binding')}>{u.cityCode ? t(`city.${u.cityCode}`) : u.enterpriseId ? <EnterpriseName id={u.enterpriseId} /> : t('common.none')}</td>
                    <td data-label={t('common.status')}>
                      {u.active ? t('users.active') : <span className="badge badge-breached">{t('users.disable')}</span>} {u.locked && <span className="badge badge-warning">{t('users.locked')}</span>}
                    </td>
                    <td data-label={t('common.actions')}>
                      {u.active ? (
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
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Async>
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
  const [error, setError] = useState<unknown>();
  const toast = useToast();
  const errs = fieldErrors(error);
  const needsCity = role === 'liaison' || role === 'city_manager';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await createUser({ username: username.trim(), name: name.trim(), role, password, ...(needsCity ? { cityCode } : {}), ...(role === 'enterprise' ? { enterpriseId: enterpriseId.trim() } : {}) });
      toast(t('users.created'));
      setUsername('');
      setName('');
      setPassword('');
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Section title={t('users.create')}>
      <form className="form" onSubmit={submit} data-testid="new-user">
        <div className="row">
          <Field label={t('users.username')} error={errs.username}>
            <input name="username" value={username} required onChange={(e) => setUsername(e.target.value)} />
          </Field>
          <Field label={t('users.name')} error={errs.name}>
            <input name="name" value={name} required onChange={(e) => setName(e.target.value)} />
          </Field>
        </div>
        <div className="row">
          <Field label={t('users.role')}>
            <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          {needsCity && (
            <Field label={t('common.city')} error={errs.cityCode}>
              <CitySelect name="cityCode" value={cityCode} onChange={setCityCode} />
            </Field>
          )}
          {role === 'enterprise' && (
            <Field label={t('users.enterpriseId')} error={errs.enterpriseId}>
              <input name="enterpriseId" value={enterpriseId} required onChange={(e) => setEnterpriseId(e.target.value)} />
            </Field>
          )}
        </div>
        <Field label={t('users.password')} hint={t('users.passwordHint')} error={errs.password}>
          <input name="password" type="password" autoComplete="new-password" value={password} required onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <ErrorBox error={error} />
        <button className="primary">{t('users.create')}</button>
      </form>
    </Section>
  );
}
