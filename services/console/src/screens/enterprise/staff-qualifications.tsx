import { useI18n } from '../../i18n';
import { listFiles, listTypes, type QualificationFile, type QualificationType } from '../../api/qualifications';
import { Async, Section } from '../../components/ui';
import { daysUntil, formatDate } from '../../lib/format';
import { useAsync } from '../../lib/use-async';

const IN_FORCE = new Set<QualificationFile['status']>(['valid', 'expiring']);

/**
 * An enterprise's own staff qualification files, the soonest to expire first. The service
 * shows an enterprise user only the files whose employer is their enterprise; the
 * qualification-expiring notification links here.
 */
export function StaffQualificationsScreen() {
  const { t, lang } = useI18n();
  const files = useAsync(() => listFiles({ limit: 200 }), []);
  const types = useAsync(async () => {
    const v = await listTypes();
    return Array.isArray(v) ? v : v.items;
  }, []);
  const typeName = (code: string) => {
    const found = (types.data ?? []).find((x: QualificationType) => x.code === code);
    return found ? (lang === 'en' ? (found.nameEn ?? found.name) : found.name) : t('staffQual.otherType');
  };
  return (
    <Section title={t('staffQual.title')}>
      <p className="muted">{t('staffQual.intro')}</p>
      <Async state={files} empty={(p) => p.items.length === 0}>
        {(p) => (
          <table className="table" data-testid="staff-qualifications">
            <thead>
              <tr>
                <th>{t('qual.person')}</th>
                <th>{t('qual.type')}</th>
                <th>{t('qual.certificateNo')}</th>
                <th>{t('qual.expiresOn')}</th>
                <th>{t('common.status')}</th>
              </tr>
            </thead>
            <tbody>
              {[...p.items]
                .sort((a, b) => a.expiresOn.localeCompare(b.expiresOn))
                .map((f) => {
                  const left = daysUntil(f.expiresOn);
                  const soon = IN_FORCE.has(f.status) && left <= 90;
                  return (
                    <tr key={f.id}>
                      <td data-label={t('qual.person')}>{f.personName}</td>
                      <td data-label={t('qual.type')}>{typeName(f.type)}</td>
                      <td data-label={t('qual.certificateNo')}>{f.certificateNo}</td>
                      <td data-label={t('qual.expiresOn')}>
                        {formatDate(f.expiresOn, lang)}
                        {soon && left >= 0 && <span className="muted"> · {t('staffQual.daysLeft', { n: left })}</span>}
                      </td>
                      <td data-label={t('common.status')}>
                        <span className={`badge ${f.status === 'expired' || f.status === 'revoked' || (soon && left <= 30) ? 'badge-breached' : soon || f.status === 'suspended' ? 'badge-warning' : 'badge-met'}`}>{t(`qual.status.${f.status}`)}</span>
                      </td>
                    </tr>
                  );
                })}
            </tbody>
          </table>
        )}
      </Async>
      {files.data?.nextCursor ? <p className="muted">{t('staffQual.more')}</p> : null}
    </Section>
  );
}
