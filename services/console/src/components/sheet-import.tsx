import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { ApiError } from '../api/http';
import { ErrorBox, Field, FileInput, Notice, Progress, Section } from './ui';
import { rowProblems } from '../lib/instruments';

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
  const [progress, setProgress] = useState<number | null | undefined>(undefined);
  const [created, setCreated] = useState<number>();
  const [error, setError] = useState<unknown>();
  const rows = rowProblems(error instanceof ApiError ? error.problem : undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setError(undefined);
    setCreated(undefined);
    setProgress(0);
    try {
      setCreated((await run(file, (f) => setProgress(f >= 1 ? null : f))).created);
      onDone?.();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <Section title={title}>
      <form className="form" onSubmit={submit}>
        <Field label={t('import.file')} hint={hint}>
          <FileInput name="file" accept=".xlsx,.csv" count={file ? 1 : 0} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <button className="primary" disabled={!file || progress !== undefined}>
          {t('import.start')}
        </button>
      </form>
      {progress !== undefined && <Progress fraction={progress} label={t('import.processing')} />}
      {created !== undefined && <Notice>{imported(created)}</Notice>}
      {rows.length > 0 ? (
        <div className="error" role="alert" data-testid="import-row-errors">
          <strong>{rowErrors}</strong>
          <table className="table">
            <thead>
              <tr>
                <th>{t('inst.row')}</th>
                <th>{t('inst.column')}</th>
                <th>{t('inst.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, n) => (
                <tr key={n}>
                  <td data-label={t('inst.row')}>{r.row}</td>
                  <td data-label={t('inst.column')}>{r.column}</td>
                  <td data-label={t('inst.problem')}>{r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ErrorBox error={error} />
      )}
    </Section>
  );
}
