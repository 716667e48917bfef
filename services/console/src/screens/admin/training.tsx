import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { listCourses, listSessions, scheduleSession } from '../../api/training';
import { Async, ErrorBox, Field, Section } from '../../components/ui';
import { CitySelect } from '../../components/city';
import { useAsync } from '../../lib/use-async';
import { formatDate, todayIso } from '../../lib/format';
import { useUser } from '../../lib/auth';

export function TrainingScreen() {
  const { t, lang } = useI18n();
  const user = useUser();
  const sessions = useAsync(() => listSessions(user.cityCode ?? undefined), [user.cityCode]);
  return (
    <>
      <Section title={t('training.sessions')}>
        <Async state={sessions} empty={(d) => d.items.length === 0}>
          {(d) => (
            <table className="table" data-testid="sessions">
              <thead>
                <tr>
                  <th>{t('training.course')}</th>
                  <th>{t('common.city')}</th>
                  <th>{t('training.start')}</th>
                  <th>{t('training.place')}</th>
                  <th>{t('training.enrolled')}</th>
                  <th>{t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((s) => (
                  <tr key={s.id}>
                    <td data-label={t('training.course')}>
                      <code>{s.courseCode}</code> {s.courseTitle}
                    </td>
                    <td data-label={t('common.city')}>{t(`city.${s.cityCode}`)}</td>
                    <td data-label={t('training.start')}>
                      {formatDate(s.startDate, lang)} – {formatDate(s.endDate, lang)}
                    </td>
                    <td data-label={t('training.place')}>{s.place}</td>
                    <td data-label={t('training.enrolled')}>
                      {s.enrolled}/{s.capacity}
                    </td>
                    <td data-label={t('common.status')}>{t(`training.status.${s.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Async>
      </Section>
      <ScheduleForm defaultCity={user.cityCode ?? '210100'} onDone={sessions.reload} />
    </>
  );
}

function ScheduleForm({ defaultCity, onDone }: { defaultCity: string; onDone: () => void }) {
  const { t } = useI18n();
  const courses = useAsync(listCourses, []);
  const [courseId, setCourseId] = useState('');
  const [cityCode, setCityCode] = useState(defaultCity);
  const [startDate, setStart] = useState(todayIso());
  const [endDate, setEnd] = useState(todayIso());
  const [organiser, setOrganiser] = useState('');
  const [capacity, setCapacity] = useState(50);
  const [place, setPlace] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await scheduleSession({ courseId: courseId || courses.data?.items[0]?.id || '', cityCode, startDate, endDate, organiser: { kind: 'bureau', name: organiser }, capacity, place });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Section title={t('training.schedule')}>
      <form className="form" onSubmit={submit}>
        <div className="row">
          <Field label={t('training.course')}>
            <select value={courseId} onChange={(e) => setCourseId(e.target.value)}>
              {(courses.data?.items ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.code} {c.title}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('common.city')}>
            <CitySelect value={cityCode} onChange={setCityCode} />
          </Field>
        </div>
        <div className="row">
          <Field label={t('training.start')}>
            <input type="date" value={startDate} onChange={(e) => setStart(e.target.value)} />
          </Field>
          <Field label={t('training.end')}>
            <input type="date" value={endDate} onChange={(e) => setEnd(e.target.value)} />
          </Field>
          <Field label={t('training.capacity')}>
            <input type="number" min={1} value={capacity} onChange={(e) => setCapacity(Number(e.target.value))} />
          </Field>
        </div>
        <div className="row">
          <Field label={t('training.organiser')}>
            <input value={organiser} required onChange={(e) => setOrganiser(e.target.value)} />
          </Field>
          <Field label={t('training.place')}>
            <input value={place} required onChange={(e) => setPlace(e.target.value)} />
          </Field>
        </div>
        <ErrorBox error={error} />
        <button className="primary">{t('training.schedule')}</button>
      </form>
    </Section>
  );
}
