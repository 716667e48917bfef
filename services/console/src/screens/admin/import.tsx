import { useState } from 'react';
import { useI18n } from '../../i18n';
import { exportEnterprises, importEnterprises, type ImportReport } from '../../api/accounts';
import { ErrorBox, Field, FileInput, Progress, Section, UploadProgress } from '../../components/ui';
import { DataTable } from '../../components/table';
import { fieldLabel } from '../../lib/problem';
import { uploadThenProcessing, useProgressTask } from '../../lib/use-action';

export function ImportScreen() {
  const { t, lang } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport>();
  const importing = useProgressTask();
  const exporting = useProgressTask();

  const submit = importing.submit(async (setProgress) => {
    if (!file) return;
    setReport(undefined);
    setReport(await importEnterprises(file, uploadThenProcessing(setProgress)));
  });
  const doExport = () =>
    exporting.run(async (setProgress) => {
      setProgress(null);
      await exportEnterprises({}, setProgress);
    });

  return (
    <Section
      title={t('import.title')}
      actions={
        <button onClick={doExport} disabled={exporting.busy}>
          {t('import.export')}
        </button>
      }
    >
      <form className="form" onSubmit={submit}>
        <Field label={t('import.file')} hint={t('import.hint')}>
          <FileInput name="file" accept=".csv,.xlsx,text/csv" count={file ? 1 : 0} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <button className="primary" disabled={!file || importing.busy}>
          {t('import.start')}
        </button>
      </form>
      <UploadProgress progress={importing.progress} />
      {exporting.progress !== undefined && <Progress fraction={exporting.progress} label={t('dash.exporting')} />}
      <ErrorBox error={importing.error ?? exporting.error} />
      {report && (
        <div data-testid="import-report">
          <p>
            <strong>{t('import.summary', { ...report.summary })}</strong>
          </p>
          {report.rows.some((r) => r.outcome === 'failed') && (
            <DataTable
              rows={report.rows.filter((r) => r.outcome === 'failed')}
              rowKey={(r) => r.row}
              columns={[
                { head: t('import.row'), cell: (r) => r.row },
                { head: t('ent.uscc'), cell: (r) => r.uscc ?? '' },
                { head: t('import.errors'), cell: (r) => (r.errors ?? []).map((e) => t('error.fieldInvalid', { field: fieldLabel(e.path, t) ?? t('import.otherColumn') })).join(lang === 'en' ? '; ' : '；') },
              ]}
            />
          )}
        </div>
      )}
    </Section>
  );
}
