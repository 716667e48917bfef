import { useState } from 'react';
import { useI18n } from '../../i18n';
import { linkVerifier, listVerifiers, type Verifier } from '../../api/requests';
import { listUsers, type User } from '../../api/identity';
import { Async, ErrorBox, Section } from '../../components/ui';
import { useAsync } from '../../lib/use-async';
import { useUser } from '../../lib/auth';

/** A manager links each verifier to the user account they sign in with (a liaison may also be a verifier). */
export function VerifierLinks() {
  const { t } = useI18n();
  const me = useUser();
  const cityCode = me.cityCode ?? undefined;
  const verifiers = useAsync(() => listVerifiers({ cityCode }), [cityCode]);
  const users = useAsync(() => listUsers({ role: 'liaison', cityCode, limit: 200 }), [cityCode]);
  return (
    <Section title={t('verifier.links')}>
      <Async state={verifiers} empty={(d) => d.institutes.length === 0}>
        {(d) => (
          <table className="table" data-testid="verifier-links">
            <thead>
              <tr>
                <th>{t('qual.person')}</th>
                <th>{t('qual.employerName')}</th>
                <th>{t('verifier.account')}</th>
              </tr>
            </thead>
            <tbody>
              {d.institutes.flatMap((inst) =>
                inst.verifiers.map((v) => (
                  <tr key={v.personKey}>
                    <td data-label={t('qual.person')}>{v.name}</td>
                    <td data-label={t('qual.employerName')}>{inst.name ?? '—'}</td>
                    <td data-label={t('verifier.account')}>
                      <LinkCell v={v} users={users.data?.items ?? []} onDone={verifiers.reload} />
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
      </Async>
    </Section>
  );
}

function LinkCell({ v, users, onDone }: { v: Verifier; users: User[]; onDone: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>();
  const save = async (userId: string) => {
    setError(undefined);
    const u = users.find((x) => x.id === userId);
    try {
      await linkVerifier(v.personKey, u ? { userId: u.id, userName: u.name } : { userId: null, userName: null });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <select aria-label={t('verifier.account')} value={v.userId ?? ''} onChange={(e) => void save(e.target.value)}>
        <option value="">{t('verifier.noAccount')}</option>
        {v.userId && !users.some((u) => u.id === v.userId) && <option value={v.userId}>{v.userName ?? t('verifier.linked')}</option>}
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
      <ErrorBox error={error} />
    </>
  );
}
