import { useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import * as R from '../../api/requests';
import * as A from '../../api/assignment';
import { Async, CodeSelectField, Countdown, ErrorBox, Field, InputField, Notice, Section, SlaBadge } from '../../components/ui';
import { TimelineView } from '../shared-timeline';
import { CommentForm, RateForm } from '../enterprise/request';
import { VisitsPanel } from './visits-panel';
import { BenefitPanel } from './benefit-panel';
import { LiaisonProactivePanel } from './proactive-panel';
import { Link } from '../../lib/router';
import { useAsync, useNow } from '../../lib/use-async';
import { activeDeadline, badgeFor } from '../../lib/urgency';
import { formatDateTime } from '../../lib/format';
import { useUser } from '../../lib/auth';
import { AuditTrail } from '../../components/audit-trail';
import { FilesAndSolution, RequestCard } from '../../components/request-facts';
import { CitySelect } from '../../components/city';
import { LiaisonPicker } from '../../components/liaison-picker';

type Panel = 'respond' | 'ask' | 'resolve' | 'assign' | 'transfer' | 'extension' | 'escalate' | null;

export function RequestDetailScreen({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const user = useUser();
  const now = useNow(1000);
  const req = useAsync(() => R.getRequest(id), [id]);
  const tl = useAsync(() => R.getTimeline(id), [id]);
  const [panel, setPanel] = useState<Panel>(null);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const reload = () => {
    req.reload();
    tl.reload();
  };
  const run = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    setDone(false);
    try {
      await fn();
      setPanel(null);
      setDone(true);
      reload();
    } catch (err) {
      setError(err);
    }
  };
  const isManager = user.role === 'city_manager' || user.role === 'province_manager' || user.role === 'admin';

  return (
    <Async state={req}>
      {(r) => {
        const open = !['resolved', 'closed', 'withdrawn'].includes(r.state);
        const can = (a: Panel) =>
          open &&
          ({
            respond: ['assigned'].includes(r.state) && !r.respondedAt,
            ask: ['responded', 'in_progress'].includes(r.state),
            resolve: ['responded', 'in_progress'].includes(r.state),
            assign: isManager || user.role === 'admin',
            transfer: true,
            extension: ['responded', 'in_progress', 'waiting_enterprise'].includes(r.state),
            escalate: true,
          } as Record<string, boolean>)[a ?? ''];
        const pending = r.extensions.find((x) => x.status === 'pending');
        return (
          <>
            <RequestCard
              r={r}
              facts={
                <>
                  <dt>{t('request.deadline')}</dt>
                  <dd>
                    <SlaBadge badge={badgeFor(r, now)} /> <Countdown deadline={activeDeadline(r).deadline} now={now} />
                  </dd>
                  <dt>{t('request.enterprise')}</dt>
                  <dd>
                    <Link to={`/enterprises/${r.enterpriseId}`}>{r.enterpriseName ?? r.enterpriseId}</Link>
                  </dd>
                  <dt>{t('common.city')}</dt>
                  <dd>{t(`city.${r.cityCode}`)}</dd>
                </>
              }
            >
              {r.escalation && (
                <p className="badge badge-urgent" data-testid="escalation">
                  {t(`escalation.${r.escalation.source ?? 'manual'}`, { level: t(`action.level.${r.escalation.level}`), at: formatDateTime(r.escalation.at, lang) })}: {r.escalation.reason}
                </p>
              )}
              {(r.attention ?? []).map((a) => (
                <p key={a} className="error" data-testid="attention">
                  {t(`attention.${a}`)}
                </p>
              ))}
              {r.outcome && <p>{t(`outcome.${r.outcome}`)}</p>}
              <p className="pre">{r.description}</p>
              {r.state === 'waiting_enterprise' && tl.data && R.lastQuestion(tl.data.history) && (
                <blockquote className="question" data-testid="question">
                  {t('request.questionAsked')}: {R.lastQuestion(tl.data.history)}
                </blockquote>
              )}
              <FilesAndSolution r={r} onDone={reload} />
              <div className="actions" data-testid="actions">
                {r.state === 'filed' && user.role === 'liaison' && (
                  <button onClick={() => run(() => A.claim(r.id))}>{t('action.claim')}</button>
                )}
                {(['respond', 'ask', 'resolve', 'assign', 'transfer', 'extension', 'escalate'] as Panel[]).filter(can).map((a) => (
                  <button key={a} className={panel === a ? 'active' : a === 'respond' || a === 'resolve' ? 'primary' : ''} onClick={() => setPanel(panel === a ? null : a)}>
                    {t(`action.${a}`)}
                  </button>
                ))}
                {r.state === 'responded' && <button onClick={() => run(() => R.startWork(r.id, r.version))}>{t('action.start')}</button>}
              </div>
              {panel && <ActionPanel panel={panel} r={r} run={run} />}
              {pending && isManager && (
                <div className="card inset">
                  {t('action.extension')}: {pending.workingDays} · {pending.reason}
                  <div className="actions">
                    <button className="primary" onClick={() => run(() => R.decideExtension(r.id, pending.id, true, r.version))}>
                      {t('action.approve')}
                    </button>
                    <button onClick={() => run(() => R.decideExtension(r.id, pending.id, false, r.version))}>{t('action.reject')}</button>
                  </div>
                </div>
              )}
              <ErrorBox error={error} />
              {done && <Notice>{t('action.done')}</Notice>}
            </RequestCard>
            <LiaisonProactivePanel key={`due-${r.version}`} r={r} run={run} error={error} />
            <VisitsPanel r={r} canArrange={isManager || r.assigneeId === user.id} run={run} />
            <BenefitPanel key={r.version} r={r} run={run} error={error} />
            {r.state === 'resolved' && r.assigneeId !== user.id && <RateForm r={r} onDone={reload} staff />}
            <Section title={t('request.timeline')}>
              <Async state={tl}>{(x) => <TimelineView history={x.history} comments={x.comments} />}</Async>
              {open && <CommentForm id={r.id} onDone={reload} allowInternal />}
            </Section>
            <AuditTrail of={{ requestId: r.id }} />
          </>
        );
      }}
    </Async>
  );
}

function ActionPanel({ panel, r, run }: { panel: Exclude<Panel, null>; r: R.Request; run: (fn: () => Promise<unknown>) => Promise<void> }) {
  const { t } = useI18n();
  const user = useUser();
  const [text, setText] = useState('');
  const [solved, setSolved] = useState(true);
  const [kind, setKind] = useState<R.SolutionKind>('technical_advice');
  const [days, setDays] = useState(3);
  const [toAssignee, setToAssignee] = useState('');
  const [toCity, setToCity] = useState('');
  const [level, setLevel] = useState<'city' | 'province'>('city');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = r.version;
    const calls: Record<typeof panel, () => Promise<unknown>> = {
      respond: () => R.respond(r.id, v, text || undefined),
      ask: () => R.ask(r.id, v, text),
      resolve: () => R.resolve(r.id, { version: v, text, solved, kind }),
      assign: () => A.assign(r.id, toAssignee),
      // Assignment's transfer is the one path: it checks who may move the request and whether the liaison can take it.
      transfer: () => A.transfer(r.id, { reason: text, ...(toAssignee ? { toLiaisonId: toAssignee } : {}), ...(toCity ? { toCityCode: toCity } : {}) }),
      extension: () => R.requestExtension(r.id, { version: v, workingDays: days, reason: text }),
      escalate: () => R.escalate(r.id, { version: v, level, reason: text }),
    };
    void run(calls[panel]);
  };
  const label = panel === 'respond' ? t('action.note') : panel === 'ask' ? t('action.ask') : panel === 'resolve' ? t('request.solution') : t('action.reason');
  let extra: ReactNode = null;
  if (panel === 'resolve')
    extra = (
      <div className="row">
        <CodeSelectField label={t('request.solution')} name="kind" value={kind} codes={R.SOLUTION_KINDS} prefix="solution" onValue={setKind} />
        <label className="check">
          <input type="checkbox" name="solved" checked={solved} onChange={(e) => setSolved(e.target.checked)} /> {t('request.solved')}
        </label>
      </div>
    );
  if (panel === 'extension')
    extra = (
      <InputField label={t('action.workingDays')} type="number" name="workingDays" min={1} max={60} value={days} onValue={(v) => setDays(Number(v))} />
    );
  // Liaisons and city managers see their own bureau's roster only: for another bureau the request is routed there.
  const seesRoster = !toCity || toCity === user.cityCode || user.role === 'province_manager' || user.role === 'admin';
  if (panel === 'assign')
    extra = <LiaisonPicker requestId={r.id} label={t('action.toLiaison')} value={toAssignee} onChange={setToAssignee} />;
  if (panel === 'transfer')
    extra = (
      <div className="row">
        <Field label={t('action.toCity')}>
          <CitySelect
            value={toCity}
            onChange={(c) => {
              setToCity(c);
              setToAssignee('');
            }}
            allowEmpty
          />
        </Field>
        {seesRoster && <LiaisonPicker requestId={r.id} cityCode={toCity} label={t('action.toLiaison')} value={toAssignee} onChange={setToAssignee} />}
      </div>
    );
  if (panel === 'escalate')
    extra = (
      <Field label={t('action.escalate')}>
        <select value={level} onChange={(e) => setLevel(e.target.value as 'city' | 'province')}>
          <option value="city">{t('action.level.city')}</option>
          <option value="province">{t('action.level.province')}</option>
        </select>
      </Field>
    );
  return (
    <form className="form card inset" onSubmit={submit} data-testid={`panel-${panel}`}>
      {extra}
      {panel !== 'assign' && (
        <Field label={label}>
          <textarea name="text" rows={3} value={text} required={panel !== 'respond'} onChange={(e) => setText(e.target.value)} />
        </Field>
      )}
      <button className="primary" disabled={panel === 'assign' && !toAssignee}>
        {t(`action.${panel}`)}
      </button>
    </form>
  );
}
