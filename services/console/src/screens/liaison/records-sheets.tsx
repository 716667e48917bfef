import { useI18n } from '../../i18n';
import { exportRecords, importRecords, recordsTemplate } from '../../api/accounts';
import { ErrorBox, Section } from '../../components/ui';
import { SheetImport } from '../../components/sheet-import';
import { useAction } from '../../lib/use-action';

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
      <SheetImport
        title={t('recordsXlsx.importSignings')}
        hint={t('recordsXlsx.importHint')}
        imported={(count) => t('recordsXlsx.importedSignings', { count })}
        rowErrors={t('recordsXlsx.rowErrors')}
        run={(file, onProgress) => importRecords('signings', file, lang, onProgress)}
      />
      <SheetImport
        title={t('recordsXlsx.importReviews')}
        hint={t('recordsXlsx.importHint')}
        imported={(count) => t('recordsXlsx.importedReviews', { count })}
        rowErrors={t('recordsXlsx.rowErrors')}
        run={(file, onProgress) => importRecords('reviews', file, lang, onProgress)}
      />
    </>
  );
}
