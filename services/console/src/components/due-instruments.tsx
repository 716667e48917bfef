import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { DueInstrument } from '../api/requests';
import { formatDate } from '../lib/format';
import { DataTable } from './table';

/** What became of one listed instrument, in words. */
export function ResultWords({ i }: { i: DueInstrument }) {
  const { t, lang } = useI18n();
  if (!i.result) return <span className="badge badge-warning">{t('due.pending')}</span>;
  return (
    <span>
      <span className="badge badge-met">{t(`due.outcome.${i.result.outcome}`)}</span> {t('due.certificate', { no: i.result.certificateNo, date: formatDate(i.result.verifiedOn, lang) })}
    </span>
  );
}

/** A proactive request's registered instruments: class, serial number, due date (overdue marked) and result; `extra` adds a cell per row. */
export function DueInstrumentTable({ items, extra }: { items: DueInstrument[]; extra?: { head: string; cell: (i: DueInstrument) => ReactNode } }) {
  const { t, lang } = useI18n();
  return (
    <DataTable
      testId="due-instruments"
      rows={items}
      rowKey={(i) => i.instrumentId}
      rowProps={(i) => ({ 'data-serial': i.serialNo })}
      columns={[
        { head: t('inst.class'), cell: (i) => `${t(`inst.class.${i.instrumentClass}`)} ${i.model ?? ''}${i.compulsory ? ` · ${t('inst.compulsory')}` : ''}${i.location ? ` · ${i.location}` : ''}` },
        { head: t('inst.serialNo'), cell: (i) => i.serialNo },
        {
          head: t('inst.nextDueOn'),
          cell: (i) => (
            <>
              {formatDate(i.nextDueOn, lang)} {i.overdue && <span className="badge badge-breached">{t('inst.due.overdue')}</span>}
            </>
          ),
        },
        { head: t('due.result'), cell: (i) => <ResultWords i={i} /> },
        extra ?? false,
      ]}
    />
  );
}

/** Per instrument: ticked or not, the certificate number and the verification date. */
export interface ResultDraft {
  ticked: boolean;
  certificateNo: string;
  verifiedOn: string;
}

/** The inputs for one instrument's result (a tick, its certificate number, its date), in a table cell. */
export function ResultInputs({ i, draft, onChange, tickLabel, today, errors }: { i: DueInstrument; draft: ResultDraft; onChange: (d: ResultDraft) => void; tickLabel: string; today: string; errors: { certificateNo?: string; verifiedOn?: string } }) {
  const { t } = useI18n();
  const name = `${t(`inst.class.${i.instrumentClass}`)} ${i.serialNo}`;
  return (
    <div className="result-inputs">
      <label className="check">
        <input type="checkbox" checked={draft.ticked} aria-label={`${tickLabel}：${name}`} onChange={(e) => onChange({ ...draft, ticked: e.target.checked })} /> {tickLabel}
      </label>
      {draft.ticked && (
        <>
          <label className={`field${errors.certificateNo ? ' invalid' : ''}`}>
            <span className="label">{t('inst.certificateNo')}</span>
            <input name={`certificateNo-${i.serialNo}`} aria-label={`${t('inst.certificateNo')}：${name}`} required maxLength={100} value={draft.certificateNo} onChange={(e) => onChange({ ...draft, certificateNo: e.target.value })} />
            {errors.certificateNo && <small className="field-error">{errors.certificateNo}</small>}
          </label>
          <label className={`field${errors.verifiedOn ? ' invalid' : ''}`}>
            <span className="label">{t('due.verifiedOn')}</span>
            <input type="date" name={`verifiedOn-${i.serialNo}`} aria-label={`${t('due.verifiedOn')}：${name}`} required max={today} value={draft.verifiedOn} onChange={(e) => onChange({ ...draft, verifiedOn: e.target.value })} />
            {errors.verifiedOn && <small className="field-error">{errors.verifiedOn}</small>}
          </label>
        </>
      )}
    </div>
  );
}

/** The ticked instruments' results, in the order the request lists them. */
export function tickedItems(items: DueInstrument[], drafts: Record<string, ResultDraft>) {
  return items.filter((i) => drafts[i.instrumentId]?.ticked).map((i) => ({ instrumentId: i.instrumentId, certificateNo: drafts[i.instrumentId]!.certificateNo.trim(), verifiedOn: drafts[i.instrumentId]!.verifiedOn }));
}

/** The field errors of item n of a results answer, by the request's instrument order among the ticked ones. */
export function itemErrors(errs: Record<string, string>, n: number) {
  return { certificateNo: errs[`items.${n}.certificateNo`], verifiedOn: errs[`items.${n}.verifiedOn`] ?? errs[`items.${n}.instrumentId`] };
}
