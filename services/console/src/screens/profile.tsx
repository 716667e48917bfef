import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { LANGUAGES, getMe, updateMyProfile, type Language, type User } from '../api/identity';
import { Async, ErrorBox, Field, Notice, Section } from '../components/ui';
import { useAsync } from '../lib/use-async';
import { fieldErrors } from '../lib/problem';

/** The signed-in person's own profile: where their notifications are mailed, and in which language. */
export function ProfileScreen() {
  const { t } = useI18n();
  const me = useAsync(() => getMe(), []);
  return (
    <Section title={t('profile.title')}>
      <Async state={me}>{(u) => <ProfileForm user={u} />}</Async>
    </Section>
  );
}

function ProfileForm({ user }: { user: User }) {
  const { t, setLang } = useI18n();
  const [current, setCurrent] = useState(user);
  const [email, setEmail] = useState(user.email ?? '');
  const [language, setLanguage] = useState<Language>(user.language ?? 'zh-CN');
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [email, language]);
  const errs = fieldErrors(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      const next = await updateMyProfile({ version: current.version, email: email.trim() || null, language });
      setCurrent(next);
      setLang(next.language ?? language);
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form" onSubmit={submit} data-testid="my-profile">
      <dl className="facts">
        <dt>{t('users.username')}</dt>
        <dd>{current.username}</dd>
        <dt>{t('users.name')}</dt>
        <dd>{current.name}</dd>
        <dt>{t('users.role')}</dt>
        <dd>{t(`role.${current.role}`)}</dd>
      </dl>
      <Field label={t('profile.email')} hint={t('profile.emailHint')} error={errs.email}>
        <input name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field label={t('profile.language')} hint={t('profile.languageHint')} error={errs.language}>
        <select name="language" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`profile.language.${l}`)}
            </option>
          ))}
        </select>
      </Field>
      <ErrorBox error={error} />
      {saved && <Notice>{t('profile.saved')}</Notice>}
      <button className="primary">{t('common.save')}</button>
    </form>
  );
}
