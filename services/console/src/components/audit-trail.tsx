import { useState } from 'react';
import { useI18n } from '../i18n';
import { auditPage, exportAudit, type AuditLine, type AuditOf } from '../api/reporting';
import { useUser } from '../lib/auth';
import { useAsync } from '../lib/use-async';
import { formatDateTime } from '../lib/format';
import { Async, ErrorBox, Section } from './ui';

const MANAGERS = ['city_manager', 'province_manager', 'admin'];

/**
 * Who changed what, when: the audit trail of an enterprise or a request, for managers only
 * (the service refuses everyone else). Lines come in words from the service; exports too.
 */
export function AuditTrail({ of }: { of: AuditOf }) {
  const user = useUser();
  return MANAGERS.includes(user.role) ? <Trail of={of} /> : null;
}

function Trail({ of }: { of: AuditOf }) {
  const { t, lang } = useI18n();
  const key = JSON.stringify(of);
  const first = useAsync(() => auditPage(of, lang), [key, lang]);
  const [more, setMore] = useState<{ items: AuditLine[]; nextCursor: string | null } | null>(null);
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const download = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    setError(null);
    try {
      await exportAudit(of, lang, format);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const loadMore = async (cursor: string) => {
    try {
      const next = await auditPage(of, lang, cursor);
      setMore((m) => ({ items: [...(m?.items ?? []), ...next.items], nextCursor: next.nextCursor }));
    } catch (err) {
      setError(err);
    }
  };
  const actions = (
    <span className="actions">
      {(['csv', 'xlsx'] as const).map((f) => (
        <button key={f} onClick={() => void download(f)} disabled={busy !== null} data-testid={`audit-export-${f}`}>
          {busy === f ? t('audit.exporting') : t(`audit.export.${f}`)}
        </button>
      ))}
    </span>
  );
  return (
    <Section title={t('audit.title')} actions={actions}>
      {error ? <ErrorBox error={error} /> : null}
      <Async state={first} empty={(d) => d.items.length === 0}>
        {(d) => {
          const items = [...d.items, ...(more?.items ?? [])];
          const cursor = more ? more.nextCursor : d.nextCursor;
          return (
            <>
              <table className="table" data-testid="audit-trail">
                <thead>
                  <tr>
                    <th>{t('audit.at')}</th>
                    <th>{t('audit.by')}</th>
                    <th>{t('audit.what')}</th>
                    <th>{t('audit.subject')}</th>
                    <th>{t('audit.changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((l) => (
                    <tr key={l.id}>
                      <td>{formatDateTime(l.at, lang)}</td>
                      <td>
                        {l.actorName}
                        {l.actorRole && l.actorRole !== l.actorName ? <span className="muted"> · {l.actorRole}</span> : null}
                      </td>
                      <td>{l.what}</td>
                      <td>{l.subject}</td>
                      <td>{l.changes}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {cursor && <button onClick={() => void loadMore(cursor)}>{t('common.more')}</button>}
            </>
          );
        }}
      </Async>
    </Section>
  );
}
