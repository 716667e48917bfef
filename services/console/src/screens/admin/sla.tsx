import { useState } from 'react';
import { useI18n } from '../../i18n';
import { PRIORITIES_MOST_URGENT_FIRST as PRIORITIES, listCalendars, listPolicies, saveCalendarYear, savePolicy, type Calendar, type NamedDate, type Policy } from '../../api/sla';
import { CATEGORIES } from '../../api/requests';
import { useToast } from '../../components/toast';
import { Async, CodeSelectField, ErrorBox, Field, InputField, Section } from '../../components/ui';
import { DataTable } from '../../components/table';
import { formatDate } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { useAction } from '../../lib/use-action';

export function SlaAdminScreen() {
  const { t, lang } = useI18n();
  const policies = useAsync(listPolicies, []);
  const calendars = useAsync(listCalendars, []);
  const [editing, setEditing] = useState<Editable | null>(null);
  const label = (v: string, prefix: string) => (v === '*' ? t('slaAdmin.any') : t(`${prefix}.${v}`));
  const calendarName = (id: string) => {
    if (!calendars.data) return t('common.loading');
    const c = calendars.data.items.find((x) => x.id === id);
    return c ? (lang === 'en' && c.nameEn ? c.nameEn : c.name) : t('slaAdmin.calendarUnknown');
  };
  return (
    <>
      <Section title={t('slaAdmin.policies')} actions={<button onClick={() => setEditing({ category: '*', priority: '*', responseHours: 24, resolutionWorkingDays: 5, returnVisitWorkingDays: 5, warnAt: [50, 75], calendarId: 'cn', version: 0 })}>{t('slaAdmin.newPolicy')}</button>}>
        <Async state={policies} empty={(d) => d.items.length === 0}>
          {(d) => (
            <DataTable
              testId="policies"
              rows={byOrder(d.items)}
              rowKey={(p) => p.id}
              columns={[
                { head: t('request.category'), cell: (p) => label(p.category, 'category') },
                { head: t('request.priority'), cell: (p) => label(p.priority, 'priority') },
                { head: t('slaAdmin.responseHours'), cell: (p) => p.responseHours },
                { head: t('slaAdmin.resolutionDays'), cell: (p) => p.resolutionWorkingDays },
                { head: t('slaAdmin.returnVisitDays'), cell: (p) => p.returnVisitWorkingDays },
                { head: t('slaAdmin.warnAt'), cell: (p) => p.warnAt.map((w) => `${w}%`).join(lang === 'en' ? ', ' : '、') },
                { head: t('slaAdmin.calendar'), cell: (p) => calendarName(p.calendarId) },
                {
                  head: t('common.actions'),
                  cell: (p) => (
                    <button className="small" aria-label={t('slaAdmin.editPolicy', { category: label(p.category, 'category'), priority: label(p.priority, 'priority') })} onClick={() => setEditing(p)}>
                      <span aria-hidden="true">✎</span> {t('slaAdmin.edit')}
                    </button>
                  ),
                },
              ]}
            />
          )}
        </Async>
        {editing && <PolicyForm p={editing} onDone={() => (setEditing(null), policies.reload())} />}
      </Section>
      <Section title={t('slaAdmin.calendars')}>
        <Async state={calendars} empty={(d) => d.items.length === 0}>
          {(d) => (
            <>
              {d.items.map((c) => (
                <CalendarCard key={`${c.id}-${c.version}`} c={c} onDone={calendars.reload} />
              ))}
            </>
          )}
        </Async>
      </Section>
    </>
  );
}

// Categories in the order of the filing form, "any" after the named ones; priorities most
// pressing first, "any" last: the table reads like the policy it is.
const rank = (list: readonly string[], v: string) => (v === '*' ? list.length : list.indexOf(v));
const byOrder = (ps: Policy[]) => [...ps].sort((a, b) => rank(CATEGORIES, a.category) - rank(CATEGORIES, b.category) || rank(PRIORITIES, a.priority) - rank(PRIORITIES, b.priority));

type Editable = Pick<Policy, 'category' | 'priority' | 'responseHours' | 'resolutionWorkingDays' | 'returnVisitWorkingDays' | 'warnAt' | 'calendarId' | 'version'>;

function PolicyForm({ p, onDone }: { p: Editable; onDone: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [category, setCategory] = useState(p.category);
  const [priority, setPriority] = useState(p.priority);
  const [hours, setHours] = useState(p.responseHours);
  const [days, setDays] = useState(p.resolutionWorkingDays);
  const [visitDays, setVisitDays] = useState(p.returnVisitWorkingDays);
  const [warn, setWarn] = useState(p.warnAt.join(','));
  const action = useAction();
  const submit = action.submit(async () => {
    const warnAt = warn.split(/[,，\s]+/).filter(Boolean).map(Number);
    await savePolicy(category, priority, { responseHours: hours, resolutionWorkingDays: days, returnVisitWorkingDays: visitDays, warnAt, calendarId: p.calendarId, expectedVersion: p.version });
    toast(t('common.saved'));
    onDone();
  });
  return (
    <form className="form card inset" onSubmit={submit}>
      <div className="row">
        <CodeSelectField label={t('request.category')} value={category} disabled={p.version > 0} codes={CATEGORIES} prefix="category" first={{ value: '*', label: t('slaAdmin.any') }} onValue={setCategory} />
        <CodeSelectField label={t('request.priority')} value={priority} disabled={p.version > 0} codes={PRIORITIES} prefix="priority" first={{ value: '*', label: t('slaAdmin.any') }} onValue={setPriority} />
      </div>
      <div className="row">
        <InputField label={t('slaAdmin.responseHours')} type="number" min={0.5} step={0.5} value={hours} onValue={(v) => setHours(Number(v))} />
        <InputField label={t('slaAdmin.resolutionDays')} type="number" min={0.5} step={0.5} value={days} onValue={(v) => setDays(Number(v))} />
        <InputField label={t('slaAdmin.returnVisitDays')} type="number" min={0.5} step={0.5} value={visitDays} onValue={(v) => setVisitDays(Number(v))} />
        <InputField label={t('slaAdmin.warnAt')} value={warn} onValue={setWarn} />
      </div>
      <ErrorBox error={action.error} />
      <button className="primary">{t('common.save')}</button>
    </form>
  );
}

/** One line a day: `2027-01-01 元旦 / New Year's Day` (the English name after ` / ` is optional). */
export const toLines = (ds: NamedDate[]) => ds.map((d) => [d.date, d.name, d.nameEn ? `/ ${d.nameEn}` : ''].filter(Boolean).join(' ')).join('\n');
export const fromLines = (s: string): NamedDate[] =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [date, ...rest] = l.split(/\s+/);
      const [name, nameEn] = rest.join(' ').split(/\s*\/\s*/);
      return { date: date!, ...(name ? { name } : {}), ...(nameEn ? { nameEn } : {}) };
    });

const inYear = (year: number) => (d: NamedDate) => d.date.startsWith(`${year}-`);

function CalendarCard({ c, onDone }: { c: Calendar; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [year, setYear] = useState(c.missingYears[0] ?? new Date().getFullYear() + 1);
  return (
    <div className="card inset" data-testid={`calendar-${c.id}`}>
      <h3>
        {lang === 'en' && c.nameEn ? c.nameEn : c.name} <small className="muted">{c.zone === 'Asia/Shanghai' ? t('slaAdmin.zoneBeijing') : c.zone}</small>
      </h3>
      {c.missingYears.map((y) => (
        <div className="banner warn" role="alert" key={y}>
          {t('slaAdmin.yearMissing', { year: y })}
        </div>
      ))}
      <p>{t('slaAdmin.yearsLoaded', { years: c.years.join(lang === 'en' ? ', ' : '、') || '—' })}</p>
      <InputField label={t('slaAdmin.year')} type="number" min={2000} max={2100} value={year} onValue={(v) => setYear(Number(v))} />
      <DateList title={t('slaAdmin.holidays')} dates={c.holidays.filter(inYear(year))} />
      <DateList title={t('slaAdmin.workdays')} dates={c.workdays.filter(inYear(year))} />
      <details className="editor" open={!c.years.includes(year)}>
        <summary>{t('slaAdmin.editYear', { year })}</summary>
        <YearForm key={`${c.version}-${year}`} c={c} year={year} onDone={onDone} />
      </details>
    </div>
  );
}

/** A year's days in the user's language (the editor below keeps both names). */
function DateList({ title, dates }: { title: string; dates: NamedDate[] }) {
  const { t, lang } = useI18n();
  return (
    <div>
      <h4>{title}</h4>
      {dates.length === 0 ? (
        <p className="muted">{t('common.none')}</p>
      ) : (
        <ul className="dates">
          {dates.map((d) => (
            <li key={d.date}>
              {formatDate(d.date, lang)} {lang === 'en' ? (d.nameEn ?? d.name ?? '') : (d.name ?? '')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function YearForm({ c, year, onDone }: { c: Calendar; year: number; onDone: () => void }) {
  const { t } = useI18n();
  const [holidays, setHolidays] = useState(toLines(c.holidays.filter(inYear(year))));
  const [workdays, setWorkdays] = useState(toLines(c.workdays.filter(inYear(year))));
  const [note, setNote] = useState('');
  const action = useAction();
  const toast = useToast();
  const submit = action.submit(async () => {
    await saveCalendarYear(c.id, year, { holidays: fromLines(holidays), workdays: fromLines(workdays), ...(note.trim() ? { note: note.trim() } : {}) });
    toast(t('common.saved'));
    onDone();
  });
  return (
    <form className="form" onSubmit={submit} aria-label={t('slaAdmin.yearForm', { year })}>
      <p className="muted">{t(c.years.includes(year) ? 'slaAdmin.yearCorrect' : 'slaAdmin.yearLoad', { year })}</p>
      <div className="row">
        <Field label={t('slaAdmin.holidays')}>
          <textarea rows={8} value={holidays} placeholder={t('slaAdmin.holidaysExample', { year })} onChange={(e) => setHolidays(e.target.value)} />
        </Field>
        <Field label={t('slaAdmin.workdays')}>
          <textarea rows={8} value={workdays} placeholder={t('slaAdmin.workdaysExample', { year })} onChange={(e) => setWorkdays(e.target.value)} />
        </Field>
      </div>
      <InputField label={t('slaAdmin.notice')} value={note} placeholder={t('slaAdmin.noticeExample')} onValue={setNote} />
      <ErrorBox error={action.error} />
      <button className="primary">{t('slaAdmin.saveYear', { year })}</button>
    </form>
  );
}
