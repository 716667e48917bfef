import request from 'supertest';
import { type TopicTap, uniq, waitFor } from '@metrodesk/testkit';
import { eventFor } from '@metrodesk/events';
import { attendanceRecorded, certificateIssued, TRAINING_TOPIC } from '@metrodesk/contracts';
import type { QualificationsService } from '../../src/service';
import { personKey } from '@metrodesk/privacy';
import { startConsuming, admin, fileBody, randomIdNumber, randomUscc, isoDay, KEYS, world } from '../fixtures/qualifications';

// The machine is shared with other suites; generous timeouts keep a slow moment from failing a run.
jest.setTimeout(90_000);

let svc: QualificationsService;
let dlq: TopicTap;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ svc, dlq, stop } = await startConsuming(`${TRAINING_TOPIC}.dlq`));
});
afterAll(() => stop());

const records = () => svc.runtime.mongo.collection('training_records');

function attendance(key: string, courseCode: string, sessionId: string, result: 'pass' | 'fail', time = new Date()) {
  return eventFor(attendanceRecorded, {
    subject: sessionId,
    source: 'training',
    time,
    data: { sessionId, courseId: uniq('c'), courseCode, cityCode: '210100', personKey: key, employerUscc: randomUscc(), hours: 16, result, date: isoDay(-1) },
  }).event;
}

const send = (events: { subject: string }[]) => world.produce(TRAINING_TOPIC, events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })));
const passed = (key: string, course: string) => waitFor(async () => (await svc.deps.training.passedCourses(key, [course])).includes(course), { what: `${course} passed`, timeoutMs: 40_000 });

describe('training events -> prerequisites', () => {
  it('lets a person be filed once the training service reports a pass', async () => {
    const b = fileBody({ type: 'metrologist' });
    const key = personKey(KEYS.hashKey, b.person.idNumber);
    expect((await request(svc.app).post('/files').set(admin).send(b)).status).toBe(422);
    await send([attendance(key, 'JLY101', uniq('s'), 'pass')]);
    await passed(key, 'JLY101');
    expect((await request(svc.app).post('/files').set(admin).send(b)).status).toBe(201);
  });

  it('counts a training certificate as a pass', async () => {
    const idNumber = randomIdNumber();
    const key = personKey(KEYS.hashKey, idNumber);
    const sessionId = uniq('s');
    await send([
      eventFor(certificateIssued, { subject: sessionId, source: 'training', data: { sessionId, courseId: uniq('c'), courseCode: 'JDY101', cityCode: '210100', personKey: key, employerUscc: randomUscc(), certificateNo: uniq('PX'), issuedOn: isoDay(-2) } }).event,
    ]);
    await passed(key, 'JDY101');
    const res = await request(svc.app).post('/files').set(admin).send(fileBody({ type: 'verifier', person: { idNumber, name: '钱七' } }));
    expect(res.status).toBe(201);
  });

  it('ignores a duplicate message and never lets an older event undo a newer result', async () => {
    const key = personKey(KEYS.hashKey, randomIdNumber());
    const sessionId = uniq('s');
    const pass = attendance(key, 'JLY101', sessionId, 'pass');
    const duplicates = svc.runtime.consumers[0]!.stats.duplicates;
    await send([pass, pass]);
    await passed(key, 'JLY101');
    // The same fact again under a new event id, and an older "fail" arriving late.
    await send([{ ...pass, id: attendance(key, 'JLY101', sessionId, 'pass').id }, attendance(key, 'JLY101', sessionId, 'fail', new Date(Date.now() - 60_000))]);
    await waitFor(() => svc.runtime.consumers[0]!.stats.duplicates > duplicates, { what: 'the duplicate to be skipped' });
    // Same session, so same partition: once this one is in, the two before it were handled.
    const marker = attendance(personKey(KEYS.hashKey, randomIdNumber()), 'JLY101', sessionId, 'pass');
    await send([marker]);
    await passed(marker.data.personKey, 'JLY101');
    const docs = await records().find({ personKey: key }).toArray();
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ result: 'pass', eventTime: pass.time });
  });

  it('dead-letters poison messages and keeps consuming', async () => {
    // All on one key, so one partition: the good event behind the poison ones must still get through.
    const sessionId = uniq('poison');
    const invalid = attendance('k', 'JLY101', sessionId, 'pass');
    const invalidData = { ...invalid, data: { ...invalid.data, personKey: undefined, result: 'maybe' } };
    const after = attendance(personKey(KEYS.hashKey, randomIdNumber()), 'JLY101', sessionId, 'pass');
    await world.produce(TRAINING_TOPIC, [
      { key: sessionId, value: '{"id":"not json' },
      { key: sessionId, value: JSON.stringify(invalidData) },
      { key: sessionId, value: JSON.stringify(after) },
    ]);
    await passed(after.data.personKey, 'JLY101');
    // Other services' consumers read this topic and dead-letter these too: look at ours only.
    // At least once: a rebalance may dead-letter a message twice, so look for each kind.
    const group = svc.runtime.consumers[0]!.groupId;
    const errors = () => dlq.find((m) => m.key === sessionId && m.headers['dlq-group'] === group).map((m) => m.headers['dlq-error'] ?? '');
    await waitFor(() => errors().some((e) => /malformed envelope/.test(e)) && errors().some((e) => /invalid data for training.attendance.recorded: personKey/.test(e)), { what: 'both poison messages in the DLQ' });
    expect(errors().every((e) => /malformed envelope|invalid data/.test(e))).toBe(true);
  });
});
