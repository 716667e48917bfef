import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { listCalendars, listPolicies, saveCalendar, savePolicy, type Calendar, type NamedDate, type Policy } from '../../api/sla';
import { CATEGORIES, PRIORITIES } from '../../api/requests';
import { Async, ErrorBox, Field, Notice, Section } from '../../components/ui';
import { useAsync } from '../../lib/use-async';

export function SlaAdminScreen() {
  const { t } = useI18n();
  const policies = useAsync(listPolicies, []);
  const calendars = useAsync(listCalendars, []);
  const [editing, setEditing] = useState<Pick<Policy, 'category' | 'priority' | 'responseHours' | 'resolutionWorkingDays' | 'warnAt' | 'calendarId' | 'version'> | null>(null);
  const label = (v: string, prefix: string) => (v === '*' ? t('slaAdmin.any') : t(`${prefix}.${v}`));
  return (
    <>
      <Section title={t('slaAdmin.policies')} actions={<button onClick={() => setEditing({ category: '*', priority: '*', responseHours: 24, resolutionWorkingDays: 5, warnAt: [50, 75], calendarId: 'cn', version: 0 })}>{t('slaAdmin.newPolicy')}</button>}>
        <Async state={policies} empty={(d) => d.items.length === 0}>
          {(d) => (
            <table className="table" data-testid="policies">
              <thead>
                <tr>
                  <th>{t('request.category')}</th>
                  <th>{t('request.priority')}</th>
                  <th>{t('slaAdmin.responseHours')}</th>
                  <th>{t('slaAdmin.resolutionDays')}</th>
                  <th>{t('slaAdmin.warnAt')}</th>
                  <th>{t('slaAdmin.calendar')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {d.items.map((p) => (
                  <tr key={p.id}>
                    <td data-label={t('request.category')}>{label(p.category, 'category')}</td>
                    <td data-label={t('request.priority')}>{label(p.priority, 'priority')}</td>
                    <td data-label={t('slaAdmin.responseHours')}>{p.responseHours}</td>
                    <td data-label={t('slaAdmin.resolutionDays')}>{p.resolutionWorkingDays}</td>
                    <td data-label={t('slaAdmin.warnAt')}>{p.warnAt.join(', ')}</td>
                    <td data-label={t('slaAdmin.calendar')}>{p.calendarId}</td>
                    <td>
                      <button className="small" onClick={() => setEditing(p)}>
                        ✎
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Async>
        {editing && <PolicyForm p={editing} onDone={() => (setEditing(null), policies.reload())} />}
      </Section>
      <Section title={t('slaAdmin.calendars')}>
        <Async state={calendars} empty={(d) => d.items.length === 0}>
          {(d) => (
            <>
              {d.items.map((c) => (
                <CalendarForm key={`${c.id}-${c.version}`} c={c} onDone={calendars.reload} />
              ))}
            </>
          )}
        </Async>
      </Section>
    </>
  );
}

function PolicyForm({ p, onDone }: { p: Pick<Policy, 'category' | 'priority' | 'responseHours' | 'resolutionWorkingDays' | 'warnAt' | 'calendarId' | 'version'>; onDone: () => void }) {
  const { t } = useI18n();
  const [category, setCategory] = useState(p.category);
  const [priority, setPriority] = useState(p.priority);
  const [hours, setHours] = useState(p.responseHours);
  const [days, setDays] = useState(p.resolutionWorkingDays);
  const [warn, setWarn] = useState(p.warnAt.join(','));
  const [error, setError] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const warnAt = warn.split(/[,，\s]+/).filter(Boolean).map(Number);
      await savePolicy(category, priority, { responseHours: hours, resolutionWorkingDays: days, warnAt, calendarId: p.calendarId, expectedVersion: p.version });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form card inset" onSubmit={submit}>
      <div className="row">
        <Field label={t('request.category')}>
          <select value={category} disabled={p.version > 0} onChange={(e) => setCategory(e.target.value)}>
            <option value="*">{t('slaAdmin.any')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('request.priority')}>
          <select value={priority} disabled={p.version > 0} onChange={(e) => setPriority(e.target.value)}>
            <option value="*">{t('slaAdmin.any')}</option>
            {PRIORITIES.map((c) => (
              <option key={c} value={c}>
                {t(`priority.${c}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="row">
        <Field label={t('slaAdmin.responseHours')}>
          <input type="number" min={0.5} step={0.5} value={hours} onChange={(e) => setHours(Number(e.target.value))} />
        </Field>
        <Field label={t('slaAdmin.resolutionDays')}>
          <input type="number" min={0.5} step={0.5} value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </Field>
        <Field label={t('slaAdmin.warnAt')}>
          <input value={warn} onChange={(e) => setWarn(e.target.value)} />
        </Field>
      </div>
      <ErrorBox error={error} />
      <button className="primary">{t('common.save')}</button>
    </form>
  );
}

const toLines = (ds: NamedDate[]) => ds.map((d) => (d.name ? `${d.date} ${d.name}` : d.date)).join('\n');
const fromLines = (s: string): NamedDate[] =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [date, ...name] = l.split(/\s+/);
      return name.length ? { date: date!, name: name.join(' ') } : { date: date! };
    });

function CalendarForm({ c, onDone }: { c: Calendar; onDone: () => void }) {
  const { t } = useI18n();
  const [holidays, setHolidays] = useState(toLines(c.holidays));
  const [workdays, setWorkdays] = useState(toLines(c.workdays));
  const [error, setError] = useState<unknown>();
  const [ok, setOk] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setOk(false);
    try {
      await saveCalendar({ id: c.id, name: c.name, zone: c.zone, weekendDays: c.weekendDays, holidays: fromLines(holidays), workdays: fromLines(workdays), ...(c.note ? { note: c.note } : {}) });
      setOk(true);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form card inset" onSubmit={submit}>
      <h3>
        {c.name} <code>{c.id}</code> <small className="muted">{c.zone}</small>
      </h3>
      <div className="row">
        <Field label={t('slaAdmin.holidays')}>
          <textarea rows={6} value={holidays} onChange={(e) => setHolidays(e.target.value)} />
        </Field>
        <Field label={t('slaAdmin.workdays')}>
          <textarea rows={6} value={workdays} onChange={(e) => setWorkdays(e.target.value)} />
        </Field>
      </div>
      <ErrorBox error={error} />
      {ok && <Notice>{t('common.saved')}</Notice>}
      <button>{t('common.save')}</button>
    </form>
  );
}
