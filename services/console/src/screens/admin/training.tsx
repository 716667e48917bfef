import { useState } from 'react';
import { useI18n } from '../../i18n';
import { listCourses, listSessions, scheduleSession } from '../../api/training';
import { Field, FormCard, InputField, Section } from '../../components/ui';
import { ItemsTable } from '../../components/table';
import { CitySelect } from '../../components/city';
import { useAsync } from '../../lib/use-async';
import { formatDate, todayIso } from '../../lib/format';
import { useUser } from '../../lib/auth';
import { useAction } from '../../lib/use-action';

export function TrainingScreen() {
  const { t, lang } = useI18n();
  const user = useUser();
  const sessions = useAsync(() => listSessions(user.cityCode ?? undefined), [user.cityCode]);
  return (
    <>
      <Section title={t('training.sessions')}>
        <ItemsTable
          state={sessions}
          testId="sessions"
          columns={[
            {
              head: t('training.course'),
              cell: (s) => (
                <>
                  <code>{s.courseCode}</code> {s.courseTitle}
                </>
              ),
            },
            { head: t('common.city'), cell: (s) => t(`city.${s.cityCode}`) },
            { head: t('training.start'), cell: (s) => `${formatDate(s.startDate, lang)} – ${formatDate(s.endDate, lang)}` },
            { head: t('training.place'), cell: (s) => s.place },
            { head: t('training.enrolled'), cell: (s) => `${s.enrolled}/${s.capacity}` },
            { head: t('common.status'), cell: (s) => t(`training.status.${s.status}`) },
          ]}
        />
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
  const action = useAction();
  const submit = action.submit(async () => {
    await scheduleSession({ courseId: courseId || courses.data?.items[0]?.id || '', cityCode, startDate, endDate, organiser: { kind: 'bureau', name: organiser }, capacity, place });
    onDone();
  });
  return (
    <FormCard title={t('training.schedule')} onSubmit={submit} error={action.error} submit={t('training.schedule')}>
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
        <InputField label={t('training.start')} type="date" value={startDate} onValue={setStart} />
        <InputField label={t('training.end')} type="date" value={endDate} onValue={setEnd} />
        <InputField label={t('training.capacity')} type="number" min={1} value={capacity} onValue={(v) => setCapacity(Number(v))} />
      </div>
      <div className="row">
        <InputField label={t('training.organiser')} value={organiser} required onValue={setOrganiser} />
        <InputField label={t('training.place')} value={place} required onValue={setPlace} />
      </div>
    </FormCard>
  );
}
