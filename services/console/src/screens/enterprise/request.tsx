import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { ConfirmButton } from '../../components/dialog';
import { addComment, answer, canReopen, getRequest, getTimeline, lastQuestion, reopen, returnVisit, withdraw, type Request } from '../../api/requests';
import { FilePicker, uploadAll } from '../../components/attachments';
import { FilesAndSolution, RequestCard } from '../../components/request-facts';
import { fileProblems } from '../../lib/files';
import { VisitList } from '../liaison/visits-panel';
import { Async, ErrorBox, Field, InputField, Notice, Progress, Section } from '../../components/ui';
import { TimelineView } from '../shared-timeline';
import { useAsync } from '../../lib/use-async';
import { EnterpriseProactivePanel } from './proactive-panel';

export function EnterpriseRequestScreen({ id }: { id: string }) {
  const { t } = useI18n();
  const req = useAsync(() => getRequest(id), [id]);
  const tl = useAsync(() => getTimeline(id), [id]);
  const reload = () => {
    req.reload();
    tl.reload();
  };
  return (
    <Async state={req}>
      {(r) => (
        <>
          <RequestCard r={r}>
            <p className="pre">{r.description}</p>
            <FilesAndSolution r={r} onDone={reload} />
          </RequestCard>
          <EnterpriseProactivePanel key={r.version} r={r} onDone={reload} />
          {(r.visits ?? []).length > 0 && (
            <Section title={t('visit.title')}>
              <VisitList visits={r.visits ?? []} />
            </Section>
          )}
          {r.state === 'waiting_enterprise' && <AnswerForm r={r} question={lastQuestion(tl.data?.history ?? [])} onDone={reload} />}
          {r.state === 'resolved' && <RateForm r={r} onDone={reload} />}
          {canReopen(r) && <ReopenForm r={r} onDone={reload} />}
          <Section title={t('request.timeline')}>
            <Async state={tl}>{(x) => <TimelineView history={x.history} comments={x.comments} />}</Async>
            {!['closed', 'withdrawn'].includes(r.state) && <CommentForm id={r.id} onDone={reload} />}
          </Section>
          {['filed', 'assigned'].includes(r.state) && <WithdrawButton r={r} onDone={reload} />}
        </>
      )}
    </Async>
  );
}

/**
 * The answer, with files if the question asked for them. The answer goes first (it needs the
 * version the enterprise saw); files follow and never conflict.
 */
function AnswerForm({ r, question, onDone }: { r: Request; question: string | null; onDone: () => void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<{ fraction: number; label: string } | null>(null);
  const [error, setError] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await answer(r.id, r.version, text);
      await uploadAll(r.id, files, setProgress);
      onDone();
    } catch (err) {
      setError(err);
      setProgress(null);
    }
  };
  return (
    <Section title={t('request.question')}>
      {question && (
        <blockquote className="question" data-testid="question">
          {question}
        </blockquote>
      )}
      <form className="form" onSubmit={submit} data-testid="answer-form">
        <Field label={t('request.answer')}>
          <textarea name="answer" rows={3} value={text} required onChange={(e) => setText(e.target.value)} />
        </Field>
        <FilePicker files={files} onChange={setFiles} label={t('request.answerFiles')} />
        {progress && <Progress fraction={progress.fraction} label={progress.label} />}
        <ErrorBox error={error} />
        <button className="primary" disabled={fileProblems(files).length > 0 || !!progress}>
          {t('request.sendAnswer')}
        </button>
      </form>
    </Section>
  );
}

/** The return visit: the enterprise rates its own request; staff record a phone call, naming the contact spoken to. */
export function RateForm({ r, onDone, staff = false }: { r: Request; onDone: () => void; staff?: boolean }) {
  const { t } = useI18n();
  const [contactName, setContactName] = useState('');
  const [score, setScore] = useState(5);
  const [satisfied, setSatisfied] = useState(true);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await returnVisit(r.id, { version: r.version, satisfaction: score, satisfied, ...(comment ? { comment } : {}), ...(staff ? { contactName: contactName.trim() } : {}) });
      setDone(true);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  if (done) return <Notice>{t('request.rated')}</Notice>;
  return (
    <Section title={staff ? t('request.ratePhone') : t('request.rate')}>
      <form className="form" onSubmit={submit} data-testid="rate-form">
        {staff && (
          <InputField label={t('request.contactName')} hint={t('request.contactNameHint')} name="contactName" required maxLength={100} value={contactName} onValue={setContactName} />
        )}
        <div className="field">
          <span className="label" id="satisfaction-label">
            {t('request.satisfaction')}
          </span>
          <div className="stars" role="radiogroup" aria-labelledby="satisfaction-label">
            {[1, 2, 3, 4, 5].map((n) => (
              <button type="button" key={n} role="radio" aria-checked={score === n} aria-label={t('request.stars', { n })} className={n <= score ? 'star on' : 'star'} onClick={() => setScore(n)}>
                <span aria-hidden="true">★</span>
              </button>
            ))}
          </div>
        </div>
        <div className="row">
          <label className="check">
            <input type="radio" name="satisfied" checked={satisfied} onChange={() => setSatisfied(true)} /> {t('request.satisfied')}
          </label>
          <label className="check">
            <input type="radio" name="satisfied" checked={!satisfied} onChange={() => setSatisfied(false)} /> {t('request.unsatisfied')}
          </label>
        </div>
        <Field label={t('request.rateComment')}>
          <textarea name="comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
        </Field>
        <ErrorBox error={error} />
        <button className="primary">{t('common.submit')}</button>
      </form>
    </Section>
  );
}

export function CommentForm({ id, onDone, allowInternal = false }: { id: string; onDone: () => void; allowInternal?: boolean }) {
  const { t } = useI18n();
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await addComment(id, body, internal ? 'internal' : 'public');
      setBody('');
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form inline-form" onSubmit={submit}>
      <Field label={t('request.comment')}>
        <textarea name="comment" rows={2} value={body} required onChange={(e) => setBody(e.target.value)} />
      </Field>
      {allowInternal && (
        <label className="check">
          <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> {t('request.internal')}
        </label>
      )}
      <ErrorBox error={error} />
      <button>{t('request.sendComment')}</button>
    </form>
  );
}

function WithdrawButton({ r, onDone }: { r: Request; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <ConfirmButton label={t('request.withdraw')} title={t('request.withdrawConfirmTitle')} message={t('request.withdrawConfirm')} testId="withdraw" action={() => withdraw(r.id, r.version)} onDone={onDone} />
    </div>
  );
}

/** A complaint within 30 days of closing reopens the request for the same liaison. */
function ReopenForm({ r, onDone }: { r: Request; onDone: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await reopen(r.id, r.version, reason);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Section title={t('request.reopen')}>
      <form className="form" onSubmit={submit} data-testid="reopen-form">
        <Field label={t('request.reopenReason')} hint={t('request.reopenHint')}>
          <textarea name="reason" rows={3} required value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <ErrorBox error={error} />
        <button className="primary">{t('request.reopen')}</button>
      </form>
    </Section>
  );
}
