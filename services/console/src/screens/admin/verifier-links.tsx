import { useI18n } from '../../i18n';
import { linkVerifier, listVerifiers, type Verifier } from '../../api/requests';
import { listUsers, type User } from '../../api/identity';
import { Async, ErrorBox, Section } from '../../components/ui';
import { DataTable } from '../../components/table';
import { useAsync } from '../../lib/use-async';
import { useAction } from '../../lib/use-action';
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
          <DataTable
            testId="verifier-links"
            rows={d.institutes.flatMap((inst) => inst.verifiers.map((v) => ({ v, institute: inst.name })))}
            rowKey={({ v }) => v.personKey}
            columns={[
              { head: t('qual.person'), cell: ({ v }) => v.name },
              { head: t('qual.employerName'), cell: ({ institute }) => institute ?? '—' },
              { head: t('verifier.account'), cell: ({ v }) => <LinkCell v={v} users={users.data?.items ?? []} onDone={verifiers.reload} /> },
            ]}
          />
        )}
      </Async>
    </Section>
  );
}

function LinkCell({ v, users, onDone }: { v: Verifier; users: User[]; onDone: () => void }) {
  const { t } = useI18n();
  const action = useAction();
  const save = (userId: string) =>
    action.run(async () => {
      const u = users.find((x) => x.id === userId);
      await linkVerifier(v.personKey, u ? { userId: u.id, userName: u.name } : { userId: null, userName: null });
      onDone();
    });
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
      <ErrorBox error={action.error} />
    </>
  );
}
