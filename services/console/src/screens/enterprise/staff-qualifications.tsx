import { useI18n } from '../../i18n';
import { listFiles, type QualificationFile } from '../../api/qualifications';
import { Async, Section } from '../../components/ui';
import { DataTable } from '../../components/table';
import { useQualificationTypeName } from '../../components/names';
import { daysUntil, formatDate } from '../../lib/format';
import { useAsync } from '../../lib/use-async';

const IN_FORCE = new Set<QualificationFile['status']>(['valid', 'expiring']);

/** A file with the days left until it expires; "soon" within 90 days while it is in force. */
function expiry(f: QualificationFile) {
  const left = daysUntil(f.expiresOn);
  return { f, left, soon: IN_FORCE.has(f.status) && left <= 90 };
}

/**
 * An enterprise's own staff qualification files, the soonest to expire first. The service
 * shows an enterprise user only the files whose employer is their enterprise; the
 * qualification-expiring notification links here.
 */
export function StaffQualificationsScreen() {
  const { t, lang } = useI18n();
  const files = useAsync(() => listFiles({ limit: 200 }), []);
  const typeName = useQualificationTypeName('staffQual.otherType');
  return (
    <Section title={t('staffQual.title')}>
      <p className="muted">{t('staffQual.intro')}</p>
      <Async state={files} empty={(p) => p.items.length === 0}>
        {(p) => (
          <DataTable
            testId="staff-qualifications"
            rows={[...p.items].sort((a, b) => a.expiresOn.localeCompare(b.expiresOn)).map(expiry)}
            rowKey={({ f }) => f.id}
            columns={[
              { head: t('qual.person'), cell: ({ f }) => f.personName },
              { head: t('qual.type'), cell: ({ f }) => typeName(f.type) },
              { head: t('qual.certificateNo'), cell: ({ f }) => f.certificateNo },
              {
                head: t('qual.expiresOn'),
                cell: ({ f, left, soon }) => (
                  <>
                    {formatDate(f.expiresOn, lang)}
                    {soon && left >= 0 && <span className="muted"> · {t('staffQual.daysLeft', { n: left })}</span>}
                  </>
                ),
              },
              {
                head: t('common.status'),
                cell: ({ f, left, soon }) => <span className={`badge ${f.status === 'expired' || f.status === 'revoked' || (soon && left <= 30) ? 'badge-breached' : soon || f.status === 'suspended' ? 'badge-warning' : 'badge-met'}`}>{t(`qual.status.${f.status}`)}</span>,
              },
            ]}
          />
        )}
      </Async>
      {files.data?.nextCursor ? <p className="muted">{t('staffQual.more')}</p> : null}
    </Section>
  );
}
