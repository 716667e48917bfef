import { useState } from 'react';
import { useI18n } from '../../i18n';
import { downloadProgrammeTables, downloadSummaryDocx, getAnnualSummary } from '../../api/programmes';
import { Async, ErrorBox, Section, YearInput } from '../../components/ui';
import { useAsync } from '../../lib/use-async';
import { useAction } from '../../lib/use-action';

/** The annual work summary (年度计量工作总结) as the bureau reads it, with the Word file and the tables to download. */
export function AnnualSummaryScreen() {
  const { t, lang } = useI18n();
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const summary = useAsync(() => getAnnualSummary(String(year), lang), [year, lang]);
  const { error, run } = useAction();
  const fetchFile = (work: () => Promise<void>) => () => void run(work);
  return (
    <Section
      title={t('programmes.summary')}
      actions={
        <>
          <YearInput value={year} onChange={setYear} />
          <button type="button" onClick={fetchFile(() => downloadSummaryDocx(String(year), lang, `${t('programmes.summary.file', { year })}.docx`))}>
            {t('programmes.summary.docx')}
          </button>
          <button type="button" onClick={fetchFile(() => downloadProgrammeTables(String(year), lang, `${t('programmes.summary.file', { year })}.xlsx`))}>
            {t('programmes.summary.xlsx')}
          </button>
        </>
      }
    >
      <ErrorBox error={error} />
      <Async state={summary} empty={(d) => d.sections.length === 0}>
        {(d) => (
          <article data-testid="annual-summary">
            <h2>{d.title}</h2>
            {d.sections.map((s) => (
              <section key={s.programme}>
                <h3>{s.heading}</h3>
                {s.paragraphs.map((p, i) => (
                  <p key={i}>{p}</p>
                ))}
              </section>
            ))}
          </article>
        )}
      </Async>
    </Section>
  );
}
