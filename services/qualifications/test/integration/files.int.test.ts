import request from 'supertest';
import { uniq } from '@metrodesk/testkit';
import { QUALIFICATION_TOPIC } from '@metrodesk/contracts';
import { personKey, decryptId } from '@metrodesk/privacy';
import {
  startService, as, admin, province, shenyangManager, dalianManager, shenyangLiaison, dalianLiaison, enterpriseUser,
  fileBody, randomIdNumber, randomUscc, isoDay, capturingLogger, KEYS, world,
} from '../fixtures/qualifications';

// The machine is shared with other suites; generous timeouts keep a slow moment from failing a run.
jest.setTimeout(90_000);

const captured = capturingLogger();
const run = world.serve(() => startService(captured.logger), [QUALIFICATION_TOPIC]);

/** Every ID number this file sends; none may show up in a log line or an event. */
const usedIds = new Set<string>();

function body(over: Record<string, unknown> = {}) {
  const b = fileBody(over);
  usedIds.add(b.person.idNumber);
  return b;
}

async function passCourse(idNumber: string, courseCode: string) {
  await run.svc.deps.training.recordAttendance({ personKey: personKey(KEYS.hashKey, idNumber), courseCode, sessionId: uniq('s'), employerUscc: randomUscc(), result: 'pass', date: isoDay(-30), eventTime: new Date().toISOString() });
}

const eventsFor = (id: string) => run.tap.find((m) => m.key === id).map((m) => m.value as { type: string; data: Record<string, unknown> });

describe('filing', () => {
  it('files a qualification with its prerequisite met, publishes filed by personKey, and stores the ID number encrypted', async () => {
    const b = body({ type: 'metrologist' });
    await passCourse(b.person.idNumber, 'JLY101');
    const res = await request(run.svc.app).post('/files').set(shenyangManager).send(b);
    expect(res.status).toBe(201);
    const key = personKey(KEYS.hashKey, b.person.idNumber);
    expect(res.body).toMatchObject({ personKey: key, type: 'metrologist', status: 'valid', cityCode: '210100', version: 1, certificateNo: b.certificateNo, archive: { box: 'B-01', number: '0001' } });
    expect(res.body.history).toEqual([expect.objectContaining({ action: 'filed', by: 'mgr-sy', status: 'valid', fromStatus: null })]);

    const [msg] = await run.tap.waitFor((m) => m.key === res.body.id);
    expect(msg!.value).toMatchObject({ type: 'qualifications.file.filed', subject: res.body.id, data: { personKey: key, certificateNo: b.certificateNo, status: 'valid', employerUscc: b.employer.uscc } });

    const stored = await run.svc.runtime.mongo.collection('persons').findOne({ _id: key as never });
    expect(JSON.stringify(stored)).not.toContain(b.person.idNumber);
    expect(decryptId(KEYS.encryptionKey, stored!.idNumberEncrypted as string)).toBe(b.person.idNumber);
  });

  it('refuses a filing whose training prerequisite is missing, naming the course', async () => {
    const res = await request(run.svc.app).post('/files').set(admin).send(body({ type: 'verifier' }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'prerequisite_missing', missing: ['JDY101'] });
    expect(res.body.detail).toContain('JDY101');
  });

  it('does not count a failed course as a prerequisite', async () => {
    const b = body({ type: 'verifier' });
    await run.svc.deps.training.recordAttendance({ personKey: personKey(KEYS.hashKey, b.person.idNumber), courseCode: 'JDY101', sessionId: uniq('s'), employerUscc: b.employer.uscc, result: 'fail', date: isoDay(-3), eventTime: new Date().toISOString() });
    expect((await request(run.svc.app).post('/files').set(admin).send(b)).status).toBe(422);
    await passCourse(b.person.idNumber, 'JDY101');
    expect((await request(run.svc.app).post('/files').set(admin).send(b)).status).toBe(201);
  });

  it('rejects a mistyped ID number without echoing it', async () => {
    const good = randomIdNumber();
    const typo = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    usedIds.add(typo);
    const res = await request(run.svc.app).post('/files').set(admin).send({ ...fileBody(), person: { idNumber: typo, name: '李四' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'person.idNumber', message: expect.stringContaining('check character') }]);
    expect(JSON.stringify(res.body)).not.toContain(typo);
  });

  it('rejects bad dates and an unknown type naming the fields', async () => {
    const res = await request(run.svc.app).post('/files').set(admin).send(body({ issuedOn: '2025-02-30', expiresOn: '2024-13-01' }));
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['issuedOn', 'expiresOn']);
    const backwards = await request(run.svc.app).post('/files').set(admin).send(body({ issuedOn: '2025-01-01', expiresOn: '2024-01-01' }));
    expect(backwards.body.errors).toEqual([{ path: 'expiresOn', message: 'must be after issuedOn' }]);
    const unknown = await request(run.svc.app).post('/files').set(admin).send(body({ type: 'astronaut' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ path: 'type', message: expect.stringContaining("unknown qualification type 'astronaut'") });
  });

  it('answers a duplicate certificate number with 409 and the existing file id', async () => {
    const first = await request(run.svc.app).post('/files').set(admin).send(body());
    const second = await request(run.svc.app).post('/files').set(admin).send(body({ certificateNo: first.body.certificateNo }));
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'duplicate_certificate', existingId: first.body.id });
  });

  it('keeps one person per ID number across files', async () => {
    const idNumber = randomIdNumber();
    usedIds.add(idNumber);
    const a = await request(run.svc.app).post('/files').set(admin).send(fileBody({ person: { idNumber, name: '王五' } }));
    const b = await request(run.svc.app).post('/files').set(admin).send(fileBody({ person: { idNumber: ` ${idNumber.toLowerCase()} `, name: '王五' } }));
    expect(b.status).toBe(201);
    expect(b.body.personKey).toBe(a.body.personKey);
    expect(await run.svc.runtime.mongo.collection('persons').countDocuments({ _id: a.body.personKey })).toBe(1);
  });
});

describe('renewal, suspension and revocation', () => {
  it('keeps the full history and publishes each change', async () => {
    const filed = await request(run.svc.app).post('/files').set(shenyangManager).send(body({ expiresOn: isoDay(30) }));
    expect(filed.body.status).toBe('expiring');
    const id = filed.body.id as string;
    const oldCert = filed.body.certificateNo as string;
    const newCert = uniq('JL-R');

    const renewed = await request(run.svc.app).post(`/files/${id}/renew`).set(shenyangManager).send({ version: 1, expiresOn: isoDay(5 * 365), issuedOn: isoDay(0), certificateNo: newCert, reason: '到期换证' });
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ status: 'valid', version: 2, certificateNo: newCert });

    const suspended = await request(run.svc.app).post(`/files/${id}/suspend`).set(shenyangManager).send({ version: 2, reason: '违规操作调查中' });
    expect(suspended.body).toMatchObject({ status: 'suspended', version: 3 });
    const reinstated = await request(run.svc.app).post(`/files/${id}/reinstate`).set(shenyangManager).send({ version: 3 });
    expect(reinstated.body).toMatchObject({ status: 'valid', version: 4 });
    const revoked = await request(run.svc.app).post(`/files/${id}/revoke`).set(province).send({ version: 4, reason: '伪造检定记录' });
    expect(revoked.body).toMatchObject({ status: 'revoked', version: 5 });

    const read = await request(run.svc.app).get(`/files/${id}`).set(shenyangLiaison);
    expect(read.body.history.map((h: { action: string; status: string; certificateNo: string }) => [h.action, h.status, h.certificateNo])).toEqual([
      ['filed', 'expiring', oldCert],
      ['renewed', 'valid', newCert],
      ['suspended', 'suspended', newCert],
      ['reinstated', 'valid', newCert],
      ['revoked', 'revoked', newCert],
    ]);
    expect(read.body.history[4]).toMatchObject({ reason: '伪造检定记录', by: 'prov-1', fromStatus: 'valid' });

    const events = await run.tap.waitFor((m) => m.key === id, { count: 5 });
    expect(events.map((m) => (m.value as { type: string }).type)).toEqual([
      'qualifications.file.filed',
      'qualifications.file.renewed',
      'qualifications.file.suspended',
      'qualifications.file.reinstated',
      'qualifications.file.revoked',
    ]);
    expect(eventsFor(id).map((e) => e.data.version)).toEqual([1, 2, 3, 4, 5]);
    expect(eventsFor(id)[4]!.data).toMatchObject({ status: 'revoked', reason: '伪造检定记录' });
  });

  it('refuses to renew a revoked file, a stale version, and an earlier expiry', async () => {
    const filed = await request(run.svc.app).post('/files').set(admin).send(body());
    const id = filed.body.id as string;
    const early = await request(run.svc.app).post(`/files/${id}/renew`).set(admin).send({ version: 1, expiresOn: isoDay(10) });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].path).toBe('expiresOn');
    expect((await request(run.svc.app).post(`/files/${id}/revoke`).set(admin).send({ version: 1, reason: 'x' })).status).toBe(200);
    const stale = await request(run.svc.app).post(`/files/${id}/suspend`).set(admin).send({ version: 1, reason: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2 });
    const again = await request(run.svc.app).post(`/files/${id}/renew`).set(admin).send({ version: 2, expiresOn: isoDay(4000) });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'illegal_transition', currentStatus: 'revoked' });
  });

  it('lets exactly one of two concurrent changes at the same version through, with one event', async () => {
    const filed = await request(run.svc.app).post('/files').set(admin).send(body());
    const id = filed.body.id as string;
    const [a, b] = await Promise.all([
      request(run.svc.app).post(`/files/${id}/renew`).set(admin).send({ version: 1, expiresOn: isoDay(4000) }),
      request(run.svc.app).post(`/files/${id}/suspend`).set(admin).send({ version: 1, reason: '并发' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    const read = await request(run.svc.app).get(`/files/${id}`).set(admin);
    expect(read.body).toMatchObject({ version: 2, status: winner.body.status });
    expect(read.body.history).toHaveLength(2);
    await run.tap.waitFor((m) => m.key === id, { count: 2 });
    await new Promise((r) => setTimeout(r, 1000));
    const types = new Map(run.tap.find((m) => m.key === id).map((m) => [(m.value as { id: string }).id, (m.value as { type: string }).type]));
    expect([...types.values()]).toEqual(['qualifications.file.filed', a.status === 200 ? 'qualifications.file.renewed' : 'qualifications.file.suspended']);
  });

  it('rolls the current state forward when a writer died between its change and the state update', async () => {
    const filed = await request(run.svc.app).post('/files').set(admin).send(body());
    const id = filed.body.id as string;
    const changes = run.svc.runtime.mongo.collection('file_changes');
    const first = await changes.findOne({ _id: `${id}:1` as never });
    // What a crashed suspension leaves behind: its change (state + event) written long enough ago, the state not.
    const at = new Date(Date.now() - 60_000);
    const entry = { ...first!.entry, action: 'suspended', status: 'suspended', fromStatus: 'valid', by: 'mgr-x', reason: '崩溃前', at };
    await changes.insertOne({ _id: `${id}:2` as never, fileId: id, version: 2, state: { ...first!.state, status: 'suspended', version: 2, updatedAt: at }, entry, at, outbox: [] });
    const stale = await request(run.svc.app).post(`/files/${id}/revoke`).set(admin).send({ version: 1, reason: 'x' });
    expect(stale.status).toBe(409);
    const read = await request(run.svc.app).get(`/files/${id}`).set(admin);
    expect(read.body).toMatchObject({ version: 2, status: 'suspended' });
    expect(read.body.history.map((h: { action: string }) => h.action)).toEqual(['filed', 'suspended']);
  });

  it('answers a renewal onto a certificate number already taken with 409', async () => {
    const a = await request(run.svc.app).post('/files').set(admin).send(body());
    const b = await request(run.svc.app).post('/files').set(admin).send(body());
    const res = await request(run.svc.app).post(`/files/${b.body.id}/renew`).set(admin).send({ version: 1, expiresOn: isoDay(4000), certificateNo: a.body.certificateNo });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'duplicate_certificate', existingId: a.body.id });
  });
});

describe('access', () => {
  it('lets only managers file, and a city manager only in their own city', async () => {
    expect((await request(run.svc.app).post('/files').set(shenyangLiaison).send(body())).status).toBe(403);
    expect((await request(run.svc.app).post('/files').set(enterpriseUser).send(body())).status).toBe(403);
    const other = await request(run.svc.app).post('/files').set(dalianManager).send(body());
    expect(other.status).toBe(403);
    expect(other.body.detail).toContain('210200');
    expect((await request(run.svc.app).post('/files').send(body())).status).toBe(401);
  });

  it("hides another city's files (404) and lists only the caller's city", async () => {
    const sy = await request(run.svc.app).post('/files').set(shenyangManager).send(body());
    const dlUscc = randomUscc('210203');
    const dl = await request(run.svc.app).post('/files').set(dalianManager).send(body({ employer: { uscc: dlUscc, name: '大连计量公司' } }));
    expect(dl.body.cityCode).toBe('210200');
    expect((await request(run.svc.app).get(`/files/${sy.body.id}`).set(dalianLiaison)).status).toBe(404);
    expect((await request(run.svc.app).post(`/files/${sy.body.id}/revoke`).set(dalianManager).send({ version: 1, reason: 'x' })).status).toBe(404);
    expect((await request(run.svc.app).post(`/files/${sy.body.id}/revoke`).set(shenyangLiaison).send({ version: 1, reason: 'x' })).status).toBe(403);
    const list = await request(run.svc.app).get('/files').query({ employerUscc: dlUscc }).set(shenyangLiaison);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
    const own = await request(run.svc.app).get('/files').query({ employerUscc: dlUscc }).set(dalianLiaison);
    expect(own.body.items.map((f: { id: string }) => f.id)).toEqual([dl.body.id]);
    expect((await request(run.svc.app).get('/files').query({ cityCode: '210100' }).set(dalianLiaison)).body.items).toEqual([]);
    expect((await request(run.svc.app).get(`/persons/${sy.body.personKey}`).set(dalianLiaison)).status).toBe(404);
  });

  it("keeps every write in the caller's city: no filing for another city's employer, no renaming its people", async () => {
    const dlUscc = randomUscc('210203');
    const named = await request(run.svc.app).post('/files').set(shenyangManager).send(body({ employer: { uscc: dlUscc, name: '大连计量公司' }, cityCode: '210100' }));
    expect(named.status).toBe(403);
    expect(named.body.detail).toContain('210200');

    const sy = await request(run.svc.app).post('/files').set(shenyangManager).send(body({ person: { idNumber: randomIdNumber(), name: '赵六' } }));
    expect(sy.status).toBe(201);
    const idNumber = [...usedIds].pop()!;
    const dl = await request(run.svc.app).post('/files').set(dalianManager).send(body({ person: { idNumber, name: '改名者' }, employer: { uscc: randomUscc('210203'), name: '大连计量公司' } }));
    expect(dl.status).toBe(201);
    const person = await request(run.svc.app).get(`/persons/${sy.body.personKey}`).set(shenyangManager);
    expect(person.body.name).toBe('赵六');
  });

  it("shows an enterprise user its own staff's files and people, and nothing of anyone else's (404)", async () => {
    const enterpriseId = uniq('ent');
    const ownUscc = randomUscc('210102');
    const user = as({ userId: uniq('u'), role: 'enterprise', enterpriseId });
    // Before accounts has told this service about the enterprise, it employs nobody on file.
    const early = await request(run.svc.app).post('/files').set(admin).send(body({ employer: { uscc: ownUscc, name: '本单位' } }));
    expect((await request(run.svc.app).get('/files').set(user)).body.items).toEqual([]);
    expect((await request(run.svc.app).get(`/files/${early.body.id}`).set(user)).status).toBe(404);

    await run.svc.deps.enterprises.upsertNewer({ enterpriseId, uscc: ownUscc, cityCode: '210100', version: 1 });
    const colleague = body({ employer: { uscc: ownUscc, name: '本单位' } });
    const own = await request(run.svc.app).post('/files').set(admin).send(colleague);
    const otherUscc = randomUscc('210102');
    const other = await request(run.svc.app).post('/files').set(admin).send(body({ employer: { uscc: otherUscc, name: '别的单位' } }));

    const list = await request(run.svc.app).get('/files').set(user);
    expect(list.status).toBe(200);
    expect(list.body.items.map((f: { id: string }) => f.id).sort()).toEqual([early.body.id, own.body.id].sort());
    expect((await request(run.svc.app).get(`/files/${own.body.id}`).set(user)).status).toBe(200);
    const person = await request(run.svc.app).get(`/persons/${own.body.personKey}`).set(user);
    expect(person.status).toBe(200);
    expect(person.body).toMatchObject({ idNumber: '*'.repeat(14) + colleague.person.idNumber.slice(-4), idNumberMasked: true });
    expect((await request(run.svc.app).get('/files/summary').set(user)).body).toMatchObject({ files: 2, units: 1 });

    // Someone else's file, person, unit: as if they did not exist.
    expect((await request(run.svc.app).get(`/files/${other.body.id}`).set(user)).status).toBe(404);
    expect((await request(run.svc.app).get(`/persons/${other.body.personKey}`).set(user)).status).toBe(404);
    expect((await request(run.svc.app).get('/files').query({ employerUscc: otherUscc }).set(user)).body.items).toEqual([]);
    expect((await request(run.svc.app).get('/files/summary').query({ employerUscc: otherUscc }).set(user)).body).toMatchObject({ files: 0 });
    expect((await request(run.svc.app).post(`/files/${other.body.id}/revoke`).set(user).send({ version: 1, reason: 'x' })).status).toBe(404);
    expect((await request(run.svc.app).post(`/files/${own.body.id}/revoke`).set(user).send({ version: 1, reason: 'x' })).status).toBe(403);
    expect((await request(run.svc.app).get(`/files/${own.body.id}`).set(enterpriseUser)).status).toBe(404);
  });

  it('shows the ID number in full only to allowed roles, masked to the last 4 otherwise', async () => {
    const b = body();
    const filed = await request(run.svc.app).post('/files').set(shenyangManager).send(b);
    const masked = await request(run.svc.app).get(`/persons/${filed.body.personKey}`).set(shenyangLiaison);
    expect(masked.status).toBe(200);
    expect(masked.body).toMatchObject({ idNumber: '*'.repeat(14) + b.person.idNumber.slice(-4), idNumberMasked: true, name: '张三' });
    expect(masked.body.files.map((f: { id: string }) => f.id)).toEqual([filed.body.id]);
    const full = await request(run.svc.app).get(`/persons/${filed.body.personKey}`).set(admin);
    expect(full.body).toMatchObject({ idNumber: b.person.idNumber, idNumberMasked: false });
    const lookup = await request(run.svc.app).post('/person-lookups').set(shenyangManager).send({ idNumber: b.person.idNumber });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ personKey: filed.body.personKey, idNumberMasked: true });
    expect((await request(run.svc.app).post('/jobs/expiry/run').set(shenyangManager).send({})).status).toBe(403);
  });
});

describe('queries', () => {
  it('counts people and units, lists a unit and its expiring files', async () => {
    const type = 'energy_metrologist';
    const [u1, u2] = [randomUscc('210102'), randomUscc('210104')];
    const people = [randomIdNumber(), randomIdNumber(), randomIdNumber()];
    people.forEach((p) => usedIds.add(p));
    const file = (idNumber: string, uscc: string, expiresOn: string) =>
      request(run.svc.app).post('/files').set(admin).send(fileBody({ type, person: { idNumber, name: '赵六' }, employer: { uscc, name: uscc === u1 ? '一号单位' : '二号单位' }, expiresOn }));
    const soon = await file(people[0]!, u1, isoDay(20));
    await file(people[0]!, u1, isoDay(2000));
    await file(people[1]!, u1, isoDay(2000));
    const later = await file(people[2]!, u2, isoDay(60));

    const summary = await request(run.svc.app).get('/files/summary').query({ employerUscc: u1 }).set(shenyangLiaison);
    expect(summary.body).toMatchObject({ files: 3, people: 2, units: 1, byUnit: [{ uscc: u1, name: '一号单位', people: 2, files: 3 }] });

    const unit = await request(run.svc.app).get('/files').query({ employerUscc: u1, limit: 2 }).set(shenyangLiaison);
    expect(unit.body.items).toHaveLength(2);
    const rest = await request(run.svc.app).get('/files').query({ employerUscc: u1, limit: 2, cursor: unit.body.nextCursor }).set(shenyangLiaison);
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();

    const expiring = await request(run.svc.app).get('/files/expiring').query({ withinDays: 90, type, cityCode: '210100' }).set(province);
    const ids = expiring.body.items.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining([soon.body.id, later.body.id]));
    expect(ids.indexOf(soon.body.id)).toBeLessThan(ids.indexOf(later.body.id));

    const person = await request(run.svc.app).get(`/persons/${soon.body.personKey}`).set(shenyangLiaison);
    expect(person.body.files).toHaveLength(2);
  });

  it('rejects a bad query naming the parameter', async () => {
    const res = await request(run.svc.app).get('/files').query({ status: 'valid,bogus', limit: 0 }).set(admin);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['query.limit', 'query.status.1']);
  });
});

describe('privacy', () => {
  it('never wrote an ID number to a log line or an event', async () => {
    await run.tap.waitFor((m) => m.topic === world.topic(QUALIFICATION_TOPIC), { count: 10 });
    const logs = captured.lines.join('\n');
    expect(logs).toContain('"msg":"request"');
    const events = JSON.stringify(run.tap.messages.map((m) => m.value));
    expect(usedIds.size).toBeGreaterThan(10);
    for (const id of usedIds) {
      expect(logs).not.toContain(id);
      expect(events).not.toContain(id);
    }
  });
});
