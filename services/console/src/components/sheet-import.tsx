import { useState } from 'react';
import { useI18n } from '../i18n';
import { ApiError } from '../api/http';
import { ErrorBox, Field, FileInput, Notice, Progress, Section } from './ui';
import { rowProblems } from '../lib/instruments';
import { uploadThenProcessing, useProgressTask } from '../lib/use-action';
import { DataTable } from './table';

/**
 * Uploads a filled-in template that the service takes all or none; a refusal lists each row's
 * problems (row, column heading, message) as the service said them in the reader's language.
 */
export function SheetImport({ title, hint, imported, rowErrors, run, onDone }: {
  title: string;
  hint: string;
  imported: (count: number) => string;
  rowErrors: string;
  run: (file: File, onProgress: (f: number) => void) => Promise<{ created: number }>;
  onDone?: () => void;
}) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [created, setCreated] = useState<number>();
  const { progress, busy, error, submit } = useProgressTask();
  const rows = rowProblems(error instanceof ApiError ? error.problem : undefined);
  const start = submit(async (setProgress) => {
    if (!file) return;
    setCreated(undefined);
    setCreated((await run(file, uploadThenProcessing(setProgress))).created);
    onDone?.();
  });
  return (
    <Section title={title}>
      <form className="form" onSubmit={start}>
        <Field label={t('import.file')} hint={hint}>
          <FileInput name="file" accept=".xlsx,.csv" count={file ? 1 : 0} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <button className="primary" disabled={!file || busy}>
          {t('import.start')}
        </button>
      </form>
      {progress !== undefined && <Progress fraction={progress} label={t('import.processing')} />}
      {created !== undefined && <Notice>{imported(created)}</Notice>}
      {rows.length > 0 ? (
        <div className="error" role="alert" data-testid="import-row-errors">
          <strong>{rowErrors}</strong>
          <DataTable
            rows={rows.map((r, n) => ({ ...r, n }))}
            rowKey={(r) => r.n}
            columns={[
              { head: t('inst.row'), cell: (r) => r.row },
              { head: t('inst.column'), cell: (r) => r.column },
              { head: t('inst.problem'), cell: (r) => r.message },
            ]}
          />
        </div>
      ) : (
        <ErrorBox error={error} />
      )}
    </Section>
  );
}
