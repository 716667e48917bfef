import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { LANGUAGES, getMe, updateMyProfile, type Language, type Role, type User } from '../api/identity';
import { EMAIL_MODES, chooseEmailModes, getPreferences, type EmailMode } from '../api/notifications';
import { Async, ErrorBox, Field, Notice, Section } from '../components/ui';
import { useAsync } from '../lib/use-async';
import { useUser } from '../lib/auth';
import { fieldErrors } from '../lib/problem';

/** The signed-in person's own profile: where their notifications are mailed, and in which language. */
export function ProfileScreen() {
  const { t } = useI18n();
  const me = useAsync(() => getMe(), []);
  return (
    <>
      <Section title={t('profile.title')}>
        <Async state={me}>{(u) => <ProfileForm user={u} />}</Async>
      </Section>
      <EmailPreferences />
    </>
  );
}

/** The kinds of notification each role receives, in the order people meet them. */
const KINDS_FOR: Record<Role, string[]> = {
  enterprise: ['request_received', 'response_deadline', 'request_responded', 'question_asked', 'visit_scheduled', 'visit_rescheduled', 'request_resolved', 'return_visit_due', 'request_closed', 'qualification_expiring'],
  liaison: ['assigned_to_you', 'enterprise_answered', 'sla_warning', 'sla_breached', 'visit_flagged', 'return_unsatisfied'],
  city_manager: ['unroutable', 'sla_breached', 'escalated', 'city_daily_digest'],
  province_manager: ['escalated', 'province_weekly_digest'],
  admin: ['escalated'],
};

/** Per kind: email at once, in the daily or weekly digest, or none. Saved as it is chosen. */
function EmailPreferences() {
  const { t } = useI18n();
  const user = useUser();
  const prefs = useAsync(() => getPreferences(), []);
  const [modes, setModes] = useState<Record<string, EmailMode>>({});
  const [error, setError] = useState<unknown>();
  useEffect(() => setModes(prefs.data?.email ?? {}), [prefs.data]);
  const choose = async (kind: string, mode: EmailMode) => {
    setError(undefined);
    try {
      setModes((await chooseEmailModes({ [kind]: mode })).email);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Section title={t('profile.emailPrefs')}>
      <p className="muted">{t('profile.emailPrefsHint')}</p>
      <ErrorBox error={error} />
      <Async state={prefs}>
        {() => (
          <table className="table" data-testid="email-preferences">
            <thead>
              <tr>
                <th>{t('profile.kind')}</th>
                <th>{t('profile.emailMode')}</th>
              </tr>
            </thead>
            <tbody>
              {KINDS_FOR[user.role].map((kind) => (
                <tr key={kind}>
                  <td data-label={t('profile.kind')}>{t(`notifKind.${kind}`)}</td>
                  <td data-label={t('profile.emailMode')}>
                    <select name={`email-${kind}`} aria-label={t(`notifKind.${kind}`)} value={modes[kind] ?? 'immediately'} onChange={(e) => void choose(kind, e.target.value as EmailMode)}>
                      {EMAIL_MODES.map((m) => (
                        <option key={m} value={m}>
                          {t(`emailMode.${m}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Async>
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
