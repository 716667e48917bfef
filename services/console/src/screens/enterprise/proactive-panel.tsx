import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import * as R from '../../api/requests';
import { ConfirmDialog } from '../../components/dialog';
import { DueInstrumentTable, ResultInputs, itemErrors, tickedItems, type ResultDraft } from '../../components/due-instruments';
import { FilePicker } from '../../components/attachments';
import { ErrorBox, Notice, Section } from '../../components/ui';
import { fieldErrors } from '../../lib/problem';
import { fileProblems } from '../../lib/files';
import { formatDate, todayIso } from '../../lib/format';

const OPEN: R.State[] = ['filed', 'assigned', 'responded', 'in_progress', 'waiting_enterprise'];

/**
 * The bureau's proactive request, for the enterprise: its instruments falling due, the visit day
 * the city proposed (accept it), and instruments already verified elsewhere (decline them, each
 * with its certificate, after a confirmation).
 */
export function EnterpriseProactivePanel({ r, onDone }: { r: R.Request; onDone: () => void }) {
  const { t, lang } = useI18n();
  const today = todayIso();
  const items = r.dueInstruments ?? [];
  const open = OPEN.includes(r.state);
  const [drafts, setDrafts] = useState<Record<string, ResultDraft>>({});
  const [files, setFiles] = useState<File[]>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  if (r.source !== 'proactive' || items.length === 0) return null;
  const p = r.visitProposal ?? null;
  const draftOf = (id: string): ResultDraft => drafts[id] ?? { ticked: false, certificateNo: '', verifiedOn: today };
  const chosen = tickedItems(items, drafts);
  const errs = fieldErrors(error);
  const accept = async () => {
    setError(undefined);
    try {
      await R.acceptVisit(r.id, r.version);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  const decline = async () => {
    setBusy(true);
    setError(undefined);
    try {
      // The certificate's scan goes the way every file of the request goes; the answer names it.
      const file = files[0] ? await R.addAttachment(r.id, files[0], () => undefined) : null;
      const { version } = file ? await R.getRequest(r.id) : r;
      await R.declineInstruments(r.id, version, chosen.map((c) => ({ ...c, attachmentId: file?.id ?? null })));
      setConfirming(false);
      setDrafts({});
      setFiles([]);
      onDone();
    } catch (err) {
      setError(err);
      setConfirming(false);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setConfirming(true);
  };
  const pending = items.filter((i) => !i.result);
  return (
    <Section title={t('due.title')}>
      <p>{t('due.intro')}</p>
      {p && !p.acceptedAt && open && (
        <div className="card inset" data-testid="visit-proposal">
          <p>{t('due.proposed', { date: formatDate(p.date, lang), name: p.byName ?? t('due.bureau') })}</p>
          <button className="primary" type="button" onClick={accept} data-testid="accept-visit">
            {t('due.accept')}
          </button>
        </div>
      )}
      {p?.acceptedAt && <Notice>{t('due.accepted', { date: formatDate(p.date, lang) })}</Notice>}
      <form className="form" onSubmit={submit} data-testid="decline-form">
        <DueInstrumentTable
          items={items}
          extra={
            open && pending.length > 0
              ? {
                  head: t('due.elsewhere'),
                  cell: (i) => (i.result ? null : <ResultInputs i={i} draft={draftOf(i.instrumentId)} onChange={(d) => setDrafts({ ...drafts, [i.instrumentId]: d })} tickLabel={t('due.elsewhere')} today={today} errors={itemErrors(errs, chosen.findIndex((c) => c.instrumentId === i.instrumentId))} />),
                }
              : undefined
          }
        />
        {open && pending.length > 0 && (
          <>
            <FilePicker files={files} onChange={(f) => setFiles(f.slice(0, 1))} label={t('due.certificateFile')} />
            <ErrorBox error={error} />
            <button className="danger" disabled={chosen.length === 0 || fileProblems(files).length > 0} data-testid="decline">
              {t('due.decline', { n: chosen.length })}
            </button>
          </>
        )}
      </form>
      <ConfirmDialog
        open={confirming}
        title={t('due.declineTitle')}
        message={
          <>
            <p>{t(chosen.length === pending.length ? 'due.declineAll' : 'due.declineSome')}</p>
            <ul>
              {chosen.map((c) => {
                const i = items.find((x) => x.instrumentId === c.instrumentId)!;
                return <li key={c.instrumentId}>{`${t(`inst.class.${i.instrumentClass}`)} ${i.serialNo} · ${t('due.certificate', { no: c.certificateNo, date: formatDate(c.verifiedOn, lang) })}`}</li>;
              })}
            </ul>
          </>
        }
        confirmLabel={t('due.declineConfirm')}
        busy={busy}
        error={error}
        onConfirm={decline}
        onCancel={() => setConfirming(false)}
      />
    </Section>
  );
}
