import { useI18n } from '../../i18n';
import { exportRecords, importRecords, recordsTemplate } from '../../api/accounts';
import { ErrorBox, Section } from '../../components/ui';
import { SheetImport } from '../../components/sheet-import';
import { useAction } from '../../lib/use-action';

/** The two sheets of records a city fills in: integrity commitments signed, energy reviews done. */
const SHEETS = [
  { kind: 'signings', title: 'recordsXlsx.importSignings', imported: 'recordsXlsx.importedSignings' },
  { kind: 'reviews', title: 'recordsXlsx.importReviews', imported: 'recordsXlsx.importedReviews' },
] as const;

/** The integrity and energy records of the caller's area, from and to XLSX (a city its own, the province all). */
export function RecordsSheets() {
  const { t, lang } = useI18n();
  const { error, run } = useAction();
  const save = (work: () => Promise<void>) => () => void run(work);
  return (
    <>
      <Section title={t('recordsXlsx.title')}>
        <p className="muted">{t('recordsXlsx.hint')}</p>
        <div className="row">
          <button type="button" onClick={save(() => exportRecords('integrity', lang))}>{t('recordsXlsx.exportIntegrity')}</button>
          <button type="button" onClick={save(() => exportRecords('energy', lang))}>{t('recordsXlsx.exportEnergy')}</button>
          <button type="button" onClick={save(() => recordsTemplate('signings', lang))}>{t('recordsXlsx.signingTemplate')}</button>
          <button type="button" onClick={save(() => recordsTemplate('reviews', lang))}>{t('recordsXlsx.reviewTemplate')}</button>
        </div>
        <ErrorBox error={error} />
      </Section>
      {SHEETS.map(({ kind, title, imported }) => (
        <SheetImport key={kind} title={t(title)} hint={t('recordsXlsx.importHint')} imported={(count) => t(imported, { count })} rowErrors={t('recordsXlsx.rowErrors')} run={(file, onProgress) => importRecords(kind, file, lang, onProgress)} />
      ))}
    </>
  );
}
