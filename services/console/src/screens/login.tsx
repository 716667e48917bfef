import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { login } from '../api/identity';
import { ErrorBox, InputField } from '../components/ui';
import { LangSwitch, useDocumentTitle } from '../components/layout';
import { navigate } from '../lib/router';
import { homeFor } from '../lib/auth';

export function LoginScreen() {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  useDocumentTitle(t('login.title'));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const s = await login(username.trim(), password);
      const back = new URLSearchParams(location.search).get('next');
      navigate(back && back.startsWith('/') && !back.startsWith('//') ? back : homeFor(s.user.role), true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login-page">
      <form className="card login" onSubmit={submit}>
        <div className="login-head">
          <h1>{t('app.name')}</h1>
          <LangSwitch />
        </div>
        <p className="muted">{t('app.tagline')}</p>
        <h2>{t('login.title')}</h2>
        <InputField label={t('login.username')} name="username" autoComplete="username" value={username} onValue={setUsername} required />
        <InputField label={t('login.password')} name="password" type="password" autoComplete="current-password" value={password} onValue={setPassword} required />
        <ErrorBox error={error} context="login" />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}
