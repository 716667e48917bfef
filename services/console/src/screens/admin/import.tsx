import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { exportEnterprises, importEnterprises, type ImportReport } from '../../api/accounts';
import { ErrorBox, Field, FileInput, Progress, Section } from '../../components/ui';
import { fieldLabel } from '../../lib/problem';

export function ImportScreen() {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState<unknown>();
  const [exporting, setExporting] = useState<number | null | undefined>(undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setError(undefined);
    setReport(undefined);
    setProgress(0);
    try {
      // Upload progress is real; once sent, the server's row-by-row work shows as indeterminate.
      setReport(await importEnterprises(file, (f) => setProgress(f >= 1 ? null : f)));
    } catch (err) {
      setError(err);
    } finally {
      setProgress(undefined);
    }
  };
  const doExport = async () => {
    setError(undefined);
    setExporting(null);
    try {
      await exportEnterprises({}, setExporting);
    } catch (err) {
      setError(err);
    } finally {
      setExporting(undefined);
    }
  };

  return (
    <Section
      title={t('import.title')}
      actions={
        <button onClick={doExport} disabled={exporting !== undefined}>
          {t('import.export')}
        </button>
      }
    >
      <form className="form" onSubmit={submit}>
        <Field label={t('import.file')} hint={t('import.hint')}>
          <FileInput name="file" accept=".csv,.xlsx,text/csv" count={file ? 1 : 0} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <button className="primary" disabled={!file || progress !== undefined}>
          {t('import.start')}
        </button>
      </form>
      {progress !== undefined && <Progress fraction={progress} label={progress === null ? t('import.processing') : t('import.uploading', { percent: `${Math.round(progress * 100)}%` })} />}
      {exporting !== undefined && <Progress fraction={exporting} label={t('dash.exporting')} />}
      <ErrorBox error={error} />
      {report && (
        <div data-testid="import-report">
          <p>
            <strong>{t('import.summary', { ...report.summary })}</strong>
          </p>
          {report.rows.some((r) => r.outcome === 'failed') && (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('import.row')}</th>
                  <th>{t('ent.uscc')}</th>
                  <th>{t('import.errors')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rows
                  .filter((r) => r.outcome === 'failed')
                  .map((r) => (
                    <tr key={r.row}>
                      <td data-label={t('import.row')}>{r.row}</td>
                      <td data-label={t('ent.uscc')}>{r.uscc ?? ''}</td>
                      <td data-label={t('import.errors')}>{(r.errors ?? []).map((e) => t('error.fieldInvalid', { field: fieldLabel(e.path, t) ?? t('import.otherColumn') })).join(lang === 'en' ? '; ' : '；')}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </Section>
  );
}
