import { signIdentity, verifyIdentity } from '@metrodesk/access';
import { createCourse } from '../../src/use-cases/create-course';
import { scheduleSession } from '../../src/use-cases/schedule-session';
import { enrolPerson } from '../../src/use-cases/enrol-person';
import { recordAttendance } from '../../src/use-cases/record-attendance';
import { importAttendance } from '../../src/use-cases/import-attendance';
import { completeSession } from '../../src/use-cases/complete-session';
import { memoryDeps } from '../fixtures/memory';
import { SECRET, randomIdNumber, randomUscc } from '../fixtures/training';

const who = (identity: Parameters<typeof signIdentity>[0]) => verifyIdentity(signIdentity(identity, SECRET), SECRET);
const manager = who({ userId: 'cm', role: 'city_manager', cityCode: '210100' });
const liaison = who({ userId: 'l', role: 'liaison', cityCode: '210100' });

async function setup(capacity = 10) {
  const mem = memoryDeps();
  const course = await createCourse(mem.deps, manager, { code: 'JL101', title: '检定基础', hours: 16 });
  const session = await scheduleSession(mem.deps, manager, { courseId: course.id, cityCode: '210100', startDate: '2026-03-02', endDate: '2026-03-04', organiser: { kind: 'institute', name: '沈阳计量院' }, capacity, place: 'x' });
  return { ...mem, course, session };
}

const person = () => ({ name: '张伟', idNumber: randomIdNumber(), employerUscc: randomUscc() });
const types = (events: { event: { type: string } }[]) => events.map((e) => e.event.type);

describe('recording attendance', () => {
  it('issues a certificate on the first pass only, and publishes nothing for a repeat', async () => {
    const { deps, session, events } = await setup();
    const e = await enrolPerson(deps, liaison, session.id, person());
    const passed = await recordAttendance(deps, liaison, session.id, e.id, { hours: 16, result: 'pass', score: 90 });
    expect(passed.certificateNo).toBe('LN-210100-2026-JL101-00001');
    // 17:30 UTC is already the next day in Asia/Shanghai.
    expect(passed.certificateIssuedOn).toBe('2026-03-05');
    const again = await recordAttendance(deps, liaison, session.id, e.id, { hours: 16, result: 'pass', score: 90 });
    expect(again.version).toBe(passed.version);
    expect(types(events)).toEqual(['training.session.scheduled', 'training.attendance.recorded', 'training.certificate.issued']);
    await expect(recordAttendance(deps, liaison, session.id, e.id, { hours: 16, result: 'fail', score: 40 })).rejects.toMatchObject({ code: 'certificate_issued' });
  });

  it('skips a certificate number someone already holds', async () => {
    const { deps, session, counters } = await setup();
    const a = await enrolPerson(deps, liaison, session.id, person());
    const b = await enrolPerson(deps, liaison, session.id, person());
    await recordAttendance(deps, liaison, session.id, a.id, { hours: 16, result: 'pass', score: null });
    counters.clear();
    const second = await recordAttendance(deps, liaison, session.id, b.id, { hours: 16, result: 'pass', score: null });
    expect(second.certificateNo).toBe('LN-210100-2026-JL101-00002');
  });

  it('refuses more hours than the course has, and a stale version', async () => {
    const { deps, session } = await setup();
    const e = await enrolPerson(deps, liaison, session.id, person());
    await expect(recordAttendance(deps, liaison, session.id, e.id, { hours: 17, result: 'fail', score: null })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(recordAttendance(deps, liaison, session.id, e.id, { hours: 8, result: 'fail', score: null, version: 7 })).rejects.toMatchObject({ code: 'version_conflict' });
  });
});

describe('import', () => {
  it('reports a row the session has no seat for, and goes on with the rest', async () => {
    const { deps, session } = await setup(1);
    await enrolPerson(deps, liaison, session.id, person());
    const uscc = randomUscc();
    const table = [
      ['name', 'idNumber', 'employerUscc', 'hours', 'result'],
      ['甲', randomIdNumber(), uscc, '16', 'pass'],
      ['乙', '', uscc, '16', 'pass'],
    ];
    const report = await importAttendance(deps, liaison, session.id, table);
    expect(report).toMatchObject({ total: 2, failed: 2 });
    expect(report.rows[0]).toMatchObject({ row: 2, status: 'failed', errors: [{ path: '(row)', message: expect.stringMatching(/full/) }] });
    expect(report.rows[1]).toMatchObject({ row: 3, status: 'failed', errors: [{ path: 'idNumber' }] });
  });

  it('refuses new people once the session is completed but still updates those enrolled', async () => {
    const { deps, session } = await setup();
    const p = person();
    await enrolPerson(deps, liaison, session.id, p);
    await completeSession(deps, manager, session.id);
    const report = await importAttendance(deps, liaison, session.id, [
      ['name', 'idNumber', 'employerUscc', 'hours', 'result'],
      [p.name, p.idNumber, p.employerUscc, '16', 'pass'],
      ['新人', randomIdNumber(), randomUscc(), '16', 'pass'],
    ]);
    expect(report.rows.map((r) => r.status)).toEqual(['updated', 'failed']);
    expect(report.rows[1]!.errors![0]!.message).toMatch(/completed/);
  });
});
