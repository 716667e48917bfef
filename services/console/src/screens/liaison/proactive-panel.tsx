import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import * as R from '../../api/requests';
import { DueInstrumentTable, ResultInputs, itemErrors, tickedItems, type ResultDraft } from '../../components/due-instruments';
import { ErrorBox, InputField, Section } from '../../components/ui';
import { fieldErrors } from '../../lib/problem';
import { formatDate, todayIso } from '../../lib/format';

type Run = (fn: () => Promise<unknown>) => Promise<void>;

const OPEN: R.State[] = ['filed', 'assigned', 'responded', 'in_progress', 'waiting_enterprise'];

/**
 * The bureau's side of a proactive request: the instruments falling due, a visit day to propose
 * while it is open, and, once a visit is completed or the request resolved, which of the listed
 * registered instruments were verified and their certificates.
 */
export function LiaisonProactivePanel({ r, run, error }: { r: R.Request; run: Run; error: unknown }) {
  const { t, lang } = useI18n();
  const today = todayIso();
  const [date, setDate] = useState(r.visitProposal?.date ?? '');
  const [drafts, setDrafts] = useState<Record<string, ResultDraft>>({});
  const items = r.dueInstruments ?? [];
  if (r.source !== 'proactive' || items.length === 0) return null;
  const open = OPEN.includes(r.state);
  const p = r.visitProposal ?? null;
  const verifiable = ['resolved', 'closed'].includes(r.state) || (r.visits ?? []).some((v) => v.status === 'completed');
  const pending = items.filter((i) => !i.result);
  const chosen = tickedItems(items, drafts);
  const errs = fieldErrors(error);
  const draftOf = (id: string): ResultDraft => drafts[id] ?? { ticked: false, certificateNo: '', verifiedOn: today };
  const propose = (e: FormEvent) => {
    e.preventDefault();
    void run(() => R.proposeVisit(r.id, r.version, date));
  };
  const verified = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await R.recordVerifiedInstruments(r.id, r.version, chosen);
      setDrafts({});
    });
  };
  const showInputs = verifiable && pending.length > 0;
  return (
    <Section title={t('due.title')}>
      {p && <p data-testid="proposal-state">{p.acceptedAt ? t('due.acceptedByEnterprise', { date: formatDate(p.date, lang) }) : t('due.awaiting', { date: formatDate(p.date, lang) })}</p>}
      {open && (
        <form className="form inline-form" onSubmit={propose} data-testid="propose-form">
          <InputField label={t('due.proposeDate')} error={errs.date} type="date" name="proposedDate" required min={today} value={date} onValue={setDate} />
          <button className="primary">{t('due.propose')}</button>
        </form>
      )}
      <form className="form" onSubmit={verified} data-testid="verified-form">
        <DueInstrumentTable
          items={items}
          extra={showInputs ? { head: t('due.verifiedHere'), cell: (i) => (i.result ? null : <ResultInputs i={i} draft={draftOf(i.instrumentId)} onChange={(d) => setDrafts({ ...drafts, [i.instrumentId]: d })} tickLabel={t('due.verifiedHere')} today={today} errors={itemErrors(errs, chosen.findIndex((c) => c.instrumentId === i.instrumentId))} />) } : undefined}
        />
        {showInputs && (
          <>
            <ErrorBox error={error} />
            <button className="primary" disabled={chosen.length === 0} data-testid="save-verified">
              {t('due.saveVerified', { n: chosen.length })}
            </button>
          </>
        )}
      </form>
    </Section>
  );
}
