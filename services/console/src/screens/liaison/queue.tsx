import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { CATEGORIES, PRIORITIES, STATES, exportRequests, listRequests } from '../../api/requests';
import { DUE_HOURS, NO_FILTER, activeFilters, filterOf, type QueueForm as Form, type View } from '../../lib/queue-filter';
import { unreadByRequest } from '../../api/notifications';
import { Async, Countdown, ErrorBox, Field, InputField, Progress, Section, SlaBadge, StateTag } from '../../components/ui';
import { DataTable } from '../../components/table';
import { CITY_CODES } from '../../components/city';
import { AssigneeName, CityName } from '../../components/request-number';
import { Link } from '../../lib/router';
import { useAsync, useNow } from '../../lib/use-async';
import { activeDeadline, badgeFor, byUrgency } from '../../lib/urgency';
import { useUser } from '../../lib/auth';
import { loadViews, storeViews, withView, withoutView, type SavedView } from '../../lib/saved-views';
import { ConfirmButton } from '../../components/dialog';
import { useToast } from '../../components/toast';

const PAGE_SIZE = 50;
/** The width below which the console lays itself out for a phone (styles.css). */
const PHONE_WIDTH = '(max-width: 720px)';

export function QueueScreen() {
  const { t, lang } = useI18n();
  const user = useUser();
  const now = useNow(1000);
  const [view, setView] = useState<View>('all');
  const [form, setForm] = useState<Form>(NO_FILTER);
  const [applied, setApplied] = useState<Form>(NO_FILTER);
  // On a phone the filters and views would fill the first screen before any request: they
  // start folded there, their summary saying how many filters apply.
  const [filtersOpen, setFiltersOpen] = useState(() => !(typeof window.matchMedia === 'function' && window.matchMedia(PHONE_WIDTH).matches));
  // Cursors of the pages before this one; the first page has none.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const filter = useMemo(() => filterOf(applied, view, user.id), [applied, view, user.id]);
  const state = useAsync(() => listRequests({ ...filter, limit: PAGE_SIZE, cursor }), [filter, cursor]);
  // "Awaiting you" is the caller's unread notifications about the row's request; without
  // the notifications service the queue still shows, only unmarked.
  const awaiting = useAsync(() => unreadByRequest().catch(() => ({ requests: {} as Record<string, number> })), []);
  const [exporting, setExporting] = useState<number | null | false>(false);
  const [exportError, setExportError] = useState<unknown>();
  // The list itself changes slowly; the countdowns tick locally every second.
  useEffect(() => {
    const id = setInterval(() => {
      state.reload();
      awaiting.reload();
    }, 30_000);
    return () => clearInterval(id);
  }, [state.reload, awaiting.reload]);
  const rows = useMemo(() => [...(state.data?.items ?? [])].sort(byUrgency(now)), [state.data, now]);
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const search = (e: FormEvent) => {
    e.preventDefault();
    setCursors([]);
    setApplied(form);
  };
  const exportAs = (format: 'xlsx' | 'csv') => async () => {
    setExportError(undefined);
    setExporting(null);
    try {
      await exportRequests({ ...filter, lang, format }, `${t('queue.exportFile')}.${format}`, (f) => setExporting(f));
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting(false);
    }
  };
  const provinceWide = !user.cityCode;
  const toast = useToast();
  const [views, setViews] = useState<SavedView[]>(() => loadViews(user.id));
  const [viewName, setViewName] = useState('');
  const [picked, setPicked] = useState('');
  const keepViews = (next: SavedView[]) => {
    storeViews(user.id, next);
    setViews(next);
  };
  const saveView = (e: FormEvent) => {
    e.preventDefault();
    if (!viewName.trim()) return;
    keepViews(withView(views, { name: viewName, view, form: applied }));
    setPicked(viewName.trim());
    setViewName('');
    toast(t('queue.viewSaved', { name: viewName.trim() }));
  };
  const pickView = (name: string) => {
    setPicked(name);
    const v = views.find((x) => x.name === name);
    if (!v) return;
    setCursors([]);
    setView(v.view);
    setForm(v.form);
    setApplied(v.form);
  };

  return (
    <Section
      title={t('queue.title')}
      actions={
        <div className="tabs" role="tablist">
          {(['all', 'mine', 'breached', 'warning'] as View[]).map((v) => (
            <button
              key={v}
              role="tab"
              aria-selected={view === v}
              className={view === v ? 'active' : ''}
              onClick={() => {
                setCursors([]);
                setView(v);
              }}
            >
              {t(`queue.filter.${v}`)}
            </button>
          ))}
        </div>
      }
    >
      <p className="muted">{t('queue.subtitle')}</p>
      <details className="filters-panel" open={filtersOpen} onToggle={(e) => setFiltersOpen(e.currentTarget.open)} data-testid="queue-filters-panel">
        <summary>{activeFilters(applied) > 0 ? t('queue.filtersFoldActive', { count: activeFilters(applied) }) : t('queue.filtersFold')}</summary>
        <form className="row filters" role="search" aria-label={t('queue.filters')} onSubmit={search} data-testid="queue-filters">
          <InputField label={t('queue.search')} type="search" name="q" value={form.q} onChange={set('q')} maxLength={100} />
          <Choice label={t('request.state')} name="state" value={form.state} onChange={set('state')} values={STATES} word={(v) => t(`state.${v}`)} first={[['open', t('queue.openStates')], ['', t('queue.anyState')]]} />
          <Choice label={t('request.category')} name="category" value={form.category} onChange={set('category')} values={CATEGORIES} word={(v) => t(`category.${v}`)} first={[['', t('queue.anyCategory')]]} />
          <Choice label={t('request.priority')} name="priority" value={form.priority} onChange={set('priority')} values={PRIORITIES} word={(v) => t(`priority.${v}`)} first={[['', t('queue.anyPriority')]]} />
          <Choice label={t('queue.due')} name="due" value={form.due} onChange={set('due')} values={DUE_HOURS.map(String)} word={(h) => t('queue.dueHours', { hours: h })} first={[['', t('queue.dueAny')]]} />
          {provinceWide && <Choice label={t('common.city')} name="cityCode" value={form.cityCode} onChange={set('cityCode')} values={CITY_CODES} word={(c) => t(`city.${c}`)} first={[['', t('queue.allCities')]]} />}
          <button className="primary">{t('common.search')}</button>
          <button type="button" onClick={exportAs('xlsx')} disabled={exporting !== false} data-testid="queue-export">
            {t('queue.export')}
          </button>
          <button type="button" onClick={exportAs('csv')} disabled={exporting !== false} data-testid="queue-export-csv">
            {t('queue.exportCsv')}
          </button>
        </form>
        <form className="row filters" aria-label={t('queue.viewsArea')} onSubmit={saveView} data-testid="queue-views">
          {views.length > 0 && (
            <Field label={t('queue.views')}>
              <select name="savedView" value={picked} onChange={(e) => pickView(e.target.value)}>
                <option value="">{t('queue.pickView')}</option>
                {views.map((v) => (
                  <option key={v.name} value={v.name}>
                    {v.name}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <InputField label={t('queue.viewName')} name="viewName" value={viewName} onValue={setViewName} maxLength={40} required />
          <button type="submit">{t('queue.saveView')}</button>
          {picked && views.some((v) => v.name === picked) && (
            <ConfirmButton
              label={t('queue.deleteView')}
              title={t('queue.deleteView')}
              message={t('queue.deleteViewMessage', { name: picked })}
              action={async () => keepViews(withoutView(views, picked))}
              onDone={() => setPicked('')}
              testId="queue-view-delete"
            />
          )}
        </form>
      </details>
      {exporting !== false && <Progress fraction={exporting} label={t('queue.exporting')} />}
      {exportError !== undefined && <ErrorBox error={exportError} />}
      <Async state={state}>
        {(page) =>
          rows.length === 0 ? (
            <p className="muted empty">{t('queue.empty')}</p>
          ) : (
            <>
              <p className="muted" data-testid="queue-total">
                {t('queue.total', { count: page.total ?? rows.length })}
              </p>
              <DataTable
                className="table queue"
                testId="queue"
                rows={rows}
                rowKey={(r) => r.id}
                rowProps={(r) => ({ className: `row-${badgeFor(r, now)}` })}
                columns={[
                  { head: t('request.number'), className: 'nowrap', testId: 'queue-number', cell: (r) => r.number ?? t('common.none') },
                  {
                    head: t('request.deadline'),
                    cell: (r) => (
                      <>
                        <SlaBadge badge={badgeFor(r, now)} /> <Countdown deadline={activeDeadline(r).deadline} now={now} />
                      </>
                    ),
                  },
                  {
                    head: t('request.title'),
                    cell: (r) => (
                      <>
                        <Link to={`/work/requests/${r.id}`}>{r.title}</Link>
                        {r.priority !== 'normal' && <span className={`badge badge-${r.priority}`}>{t(`priority.${r.priority}`)}</span>}
                        {(awaiting.data?.requests[r.id] ?? 0) > 0 && (
                          <span className="badge badge-warning" data-testid="awaiting-you">
                            {t('queue.awaitingYou')}
                          </span>
                        )}
                        {(r.attention ?? []).map((a) => (
                          <span key={a} className="badge badge-breached" data-testid="attention">
                            {t(`attention.${a}`)}
                          </span>
                        ))}
                      </>
                    ),
                  },
                  { head: t('request.enterprise'), cell: (r) => r.enterpriseName ?? t('common.none') },
                  { head: t('common.city'), cell: (r) => <CityName code={r.cityCode} /> },
                  { head: t('request.category'), cell: (r) => t(`category.${r.category}`) },
                  { head: t('request.assignee'), testId: 'queue-assignee', cell: (r) => <AssigneeName r={r} /> },
                  { head: t('request.state'), cell: (r) => <StateTag state={r.state} /> },
                ]}
              />
              <nav className="row pager" aria-label={t('queue.paging')}>
                <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
                  {t('queue.prev')}
                </button>
                <span className="muted">{t('queue.page', { page: cursors.length + 1, pages: Math.max(1, Math.ceil((page.total ?? rows.length) / PAGE_SIZE)) })}</span>
                <button type="button" disabled={!page.nextCursor} onClick={() => page.nextCursor && setCursors([...cursors, page.nextCursor])}>
                  {t('queue.next')}
                </button>
              </nav>
            </>
          )
        }
      </Async>
    </Section>
  );
}

/** A labelled select of codes shown in words, after the choices that mean "no filter". */
function Choice(p: { label: string; name: string; value: string; onChange: (e: { target: { value: string } }) => void; values: readonly string[]; word: (v: string) => string; first: [string, string][] }) {
  return (
    <Field label={p.label}>
      <select name={p.name} value={p.value} onChange={p.onChange}>
        {[...p.first, ...p.values.map((v): [string, string] => [v, p.word(v)])].map(([v, w]) => (
          <option key={v || 'none'} value={v}>
            {w}
          </option>
        ))}
      </select>
    </Field>
  );
}
