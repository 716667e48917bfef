import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { LANGUAGES, getMe, updateMyProfile, type Language, type Role, type User } from '../api/identity';
import { EMAIL_MODES, chooseEmailModes, getPreferences, type EmailMode } from '../api/notifications';
import { Async, CodeOptions, CodeSelectField, ErrorBox, InputField, Notice, Section } from '../components/ui';
import { DataTable } from '../components/table';
import { useAsync } from '../lib/use-async';
import { useUser } from '../lib/auth';
import { fieldErrors } from '../lib/problem';
import { useAction } from '../lib/use-action';

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
  const action = useAction();
  useEffect(() => setModes(prefs.data?.email ?? {}), [prefs.data]);
  const choose = (kind: string, mode: EmailMode) => action.run(async () => setModes((await chooseEmailModes({ [kind]: mode })).email));
  return (
    <Section title={t('profile.emailPrefs')}>
      <p className="muted">{t('profile.emailPrefsHint')}</p>
      <ErrorBox error={action.error} />
      <Async state={prefs}>
        {() => (
          <DataTable
            testId="email-preferences"
            rows={KINDS_FOR[user.role]}
            rowKey={(kind) => kind}
            columns={[
              { head: t('profile.kind'), cell: (kind) => t(`notifKind.${kind}`) },
              {
                head: t('profile.emailMode'),
                cell: (kind) => (
                  <select name={`email-${kind}`} aria-label={t(`notifKind.${kind}`)} value={modes[kind] ?? 'immediately'} onChange={(e) => void choose(kind, e.target.value as EmailMode)}>
                    <CodeOptions codes={EMAIL_MODES} prefix="emailMode" />
                  </select>
                ),
              },
            ]}
          />
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
  const action = useAction();
  const [saved, setSaved] = useState(false);
  useEffect(() => setSaved(false), [email, language]);
  const errs = fieldErrors(action.error);
  const submit = action.submit(async () => {
    const next = await updateMyProfile({ version: current.version, email: email.trim() || null, language });
    setCurrent(next);
    setLang(next.language ?? language);
    setSaved(true);
  });
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
      <InputField label={t('profile.email')} hint={t('profile.emailHint')} error={errs.email} name="email" type="email" autoComplete="email" value={email} onValue={setEmail} />
      <CodeSelectField label={t('profile.language')} hint={t('profile.languageHint')} error={errs.language} name="language" value={language} codes={LANGUAGES} prefix="profile.language" onValue={setLanguage} />
      <ErrorBox error={action.error} />
      {saved && <Notice>{t('profile.saved')}</Notice>}
      <button className="primary">{t('common.save')}</button>
    </form>
  );
}
