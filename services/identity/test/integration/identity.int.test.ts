import request from 'supertest';
import { testLogger, testWorld, type TopicTap, uniq } from '@metrodesk/testkit';
import { signIdentity, verifyAccessToken } from '@metrodesk/access';
import { USER_TOPIC } from '@metrodesk/contracts';
import { createIdentityService, type IdentityService } from '../../src/service';
import { readConfig } from '../../src/config';

const SECRET = 'test-identity-secret-0123456789-abcdef';
const JWT = 'test-jwt-secret-0123456789-0123456789-abcdef';
const admin = { 'x-metrodesk-identity': signIdentity({ userId: 'admin-0', role: 'admin' }, SECRET) };
const liaisonHdr = (userId: string) => ({ 'x-metrodesk-identity': signIdentity({ userId, role: 'liaison', cityCode: '210100' }, SECRET) });
const PASSWORD = 'metrology2026';

/** The file's own Kafka namespace and database. */
const world = testWorld('identity');
let svc: IdentityService;
let tap: TopicTap;
const logger = testLogger('identity');
const warned = jest.spyOn(logger, 'warn');

beforeAll(async () => {
  await world.create();
  svc = await createIdentityService(
    readConfig({
      ...world.env, IDENTITY_SECRET: SECRET, JWT_SECRET: JWT,
      LOGIN_ATTEMPTS_PER_ACCOUNT: '3', LOGIN_ATTEMPTS_PER_CLIENT: '40', BCRYPT_ROUNDS: '4', OUTBOX_INTERVAL_MS: '100', LOG_LEVEL: 'silent',
    }),
    logger,
  );
  await svc.runtime.startBackground();
  tap = await world.tap([USER_TOPIC]);
});
afterAll(async () => {
  await tap.stop();
  await svc.stop();
  await world.drop();
});

async function newLiaison() {
  const username = uniq('liaison');
  const res = await request(svc.app).post('/users').set(admin).send({ username, name: '王联络', role: 'liaison', cityCode: '210100', password: PASSWORD });
  expect(res.status).toBe(201);
  return { username, id: res.body.id as string };
}

describe('identity', () => {
  it('signs in with a short-lived access token carrying role and city', async () => {
    const { username, id } = await newLiaison();
    const res = await request(svc.app).post('/auth/login').send({ username, password: PASSWORD });
    expect(res.status).toBe(200);
    const claims = verifyAccessToken(res.body.accessToken, JWT);
    expect(claims).toMatchObject({ sub: id, role: 'liaison', cityCode: '210100', provinceCode: '210000' });
    expect(claims.exp - claims.iat).toBe(900);
    expect(res.body.user).toMatchObject({ id, username, role: 'liaison' });
    expect(JSON.stringify(res.body.user)).not.toMatch(/password/i);
  });

  it('rotates refresh tokens and revokes the whole sign-in when one is reused', async () => {
    const { username } = await newLiaison();
    const first = (await request(svc.app).post('/auth/login').send({ username, password: PASSWORD })).body;
    const second = await request(svc.app).post('/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    const replay = await request(svc.app).post('/auth/refresh').send({ refreshToken: first.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toMatch(/already used/);
    // The successor issued before the replay is revoked too.
    const successor = await request(svc.app).post('/auth/refresh').send({ refreshToken: second.body.refreshToken });
    expect(successor.status).toBe(401);
  });

  it('keeps the refresh token in an httpOnly, SameSite=strict cookie scoped to the sign-in calls, and takes it from there', async () => {
    const { username } = await newLiaison();
    const login = await request(svc.app).post('/auth/login').set('x-forwarded-for', '10.7.7.7').send({ username, password: PASSWORD });
    const set = String(login.headers['set-cookie']);
    expect(set).toMatch(/^metrodesk_refresh=[^;]+; Path=\/api\/identity\/auth; Max-Age=\d+; HttpOnly; SameSite=Strict; Secure$/);
    const cookie = set.split(';')[0]!;
    const refreshed = await request(svc.app).post('/auth/refresh').set('cookie', `other=1; ${cookie}`).send();
    expect(refreshed.status).toBe(200);
    const next = String(refreshed.headers['set-cookie']).split(';')[0]!;
    expect(next).not.toBe(cookie);
    const out = await request(svc.app).post('/auth/logout').set('cookie', next).send();
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await request(svc.app).post('/auth/refresh').set('cookie', next).send()).status).toBe(401);
    expect((await request(svc.app).post('/auth/refresh').send()).status).toBe(401);
  });

  it('revokes on logout', async () => {
    const { username } = await newLiaison();
    const t = (await request(svc.app).post('/auth/login').send({ username, password: PASSWORD })).body;
    expect((await request(svc.app).post('/auth/logout').send({ refreshToken: t.refreshToken })).status).toBe(204);
    expect((await request(svc.app).post('/auth/refresh').send({ refreshToken: t.refreshToken })).status).toBe(401);
  });

  const from = (client: string) => (body: object) => request(svc.app).post('/auth/login').set('x-forwarded-for', client).send(body);
  const someClient = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

  it('checks exactly the allowed number of 25 parallel wrong passwords, then throttles that client even for the right one', async () => {
    const { username } = await newLiaison();
    const attacker = from(someClient());
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => attacker({ username, password: `wrong-password-${i}` })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(22);
    const throttled = answers.find((a) => a.status === 429)!;
    expect(throttled.body.code).toBe('too_many_attempts');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attacker({ username, password: PASSWORD })).status).toBe(429);
    const audited = warned.mock.calls.map((c) => c[0] as unknown as { audit?: string; username?: string }).filter((e) => e.username === username);
    expect(audited.filter((e) => e.audit === 'login_failed')).toHaveLength(3);
    expect(audited.filter((e) => e.audit === 'login_throttled')).toHaveLength(23);
    // The owner, from another client, is not locked out by a stranger's attempts.
    expect((await from(someClient())({ username, password: PASSWORD })).status).toBe(200);
  });

  it('answers an unknown user exactly as a real one under parallel attempts', async () => {
    const { username } = await newLiaison();
    const count = async (name: string) => {
      const attacker = from(someClient());
      const answers = await Promise.all(Array.from({ length: 10 }, () => attacker({ username: name, password: 'wrong-password-0' })));
      return answers.map((a) => `${a.status} ${a.body.code}`).sort();
    };
    expect(await count(uniq('nobody'))).toEqual(await count(username));
  });

  it('spends a client\'s budget only on failures: many good sign-ins from one address go through', async () => {
    const { username } = await newLiaison();
    const office = from(someClient());
    for (let i = 0; i < 45; i++) expect((await office({ username, password: PASSWORD })).status).toBe(200);
  });

  it('throttles one client across accounts (credential stuffing)', async () => {
    const attacker = from(someClient());
    const answers = [];
    for (let i = 0; i < 41; i++) answers.push((await attacker({ username: uniq('stuffed'), password: 'wrong-password-0' })).status);
    expect(answers.slice(0, 40).every((s) => s === 401)).toBe(true);
    expect(answers[40]).toBe(429);
  });

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await request(svc.app).post('/auth/login').send({ username: uniq('nobody'), password: PASSWORD });
    const { username } = await newLiaison();
    const wrong = await request(svc.app).post('/auth/login').send({ username, password: 'not-the-password-9' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('lets admins manage users, publishes each change once, and keeps passwords out of events', async () => {
    const { id } = await newLiaison();
    const got = await request(svc.app).get(`/users/${id}`).set(admin);
    const upd = await request(svc.app).patch(`/users/${id}`).set(admin).send({ version: got.body.version, name: '李联络' });
    expect(upd.status).toBe(200);
    expect(upd.body.version).toBe(2);
    const stale = await request(svc.app).patch(`/users/${id}`).set(admin).send({ version: 1, name: 'stale' });
    expect(stale.status).toBe(409);
    const off = await request(svc.app).patch(`/users/${id}`).set(admin).send({ version: 2, active: false });
    expect(off.body.active).toBe(false);
    const events = await tap.waitFor((m) => m.key === id, { count: 3 });
    expect(events.map((m) => (m.value as { type: string }).type)).toEqual(['identity.user.created', 'identity.user.updated', 'identity.user.disabled']);
    // Each change names the admin who made it, for the audit trail.
    expect(events.map((m) => (m.value as { actorid?: string; actorrole?: string }))).toEqual(Array(3).fill(expect.objectContaining({ actorid: 'admin-0', actorrole: 'admin' })));
    expect(JSON.stringify(events.map((m) => m.value))).not.toMatch(/password|\$2[aby]\$/i);
  });

  it('keeps a user\'s email and language, zh-CN unless told otherwise, and tells other services in the user events', async () => {
    const username = uniq('mail');
    const created = await request(svc.app).post('/users').set(admin).send({ username, name: 'Wang', role: 'liaison', cityCode: '210100', password: PASSWORD, email: 'wang@example.cn', language: 'en' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'wang@example.cn', language: 'en' });
    const { id } = await newLiaison();
    const plain = await request(svc.app).get(`/users/${id}`).set(admin);
    expect(plain.body).toMatchObject({ email: null, language: 'zh-CN' });
    const bad = await request(svc.app).patch(`/users/${id}`).set(admin).send({ version: 1, email: 'not-an-address', language: 'fr' });
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'language']);
    const upd = await request(svc.app).patch(`/users/${id}`).set(admin).send({ version: 1, email: 'li@example.cn' });
    expect(upd.body).toMatchObject({ email: 'li@example.cn', language: 'zh-CN' });
    const [createdEvent] = await tap.waitFor((m) => m.key === created.body.id);
    expect((createdEvent!.value as { data: unknown }).data).toMatchObject({ email: 'wang@example.cn', language: 'en' });
    const updated = await tap.waitFor((m) => m.key === id, { count: 2 });
    expect((updated[1]!.value as { data: unknown }).data).toMatchObject({ email: 'li@example.cn', language: 'zh-CN' });
  });

  it('lets anyone change their own email and language, only those, and tells other services', async () => {
    const { id } = await newLiaison();
    const me = liaisonHdr(id);
    const changed = await request(svc.app).patch('/me').set(me).send({ version: 1, email: 'self@example.cn', language: 'en' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id, email: 'self@example.cn', language: 'en', version: 2, role: 'liaison' });
    const [, event] = await tap.waitFor((m) => m.key === id, { count: 2 });
    expect(event!.value).toMatchObject({ type: 'identity.user.updated', actorid: id, data: { userId: id, version: 2, email: 'self@example.cn', language: 'en', role: 'liaison', cityCode: '210100' } });
    expect((await request(svc.app).patch('/me').set(me).send({ version: 1, language: 'zh-CN' })).status).toBe(409);
    const bad = await request(svc.app).patch('/me').set(me).send({ version: 2, email: 'nope', language: 'fr' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['email', 'language']);
    const cleared = await request(svc.app).patch('/me').set(me).send({ version: 2, email: null });
    expect(cleared.body).toMatchObject({ email: null, language: 'en', version: 3 });
    expect((await request(svc.app).patch('/me')).status).toBe(401);
  });

  it('lets no one change another person\'s profile, nor more than email and language of their own', async () => {
    const { id } = await newLiaison();
    const { id: other } = await newLiaison();
    const me = liaisonHdr(id);
    expect((await request(svc.app).patch(`/users/${other}`).set(me).send({ version: 1, email: 'taken@example.cn' })).status).toBe(403);
    for (const field of [{ userId: other }, { id: other }, { role: 'admin' }, { cityCode: '210200' }, { active: false }, { name: '改名' }]) {
      const res = await request(svc.app).patch('/me').set(me).send({ version: 1, email: 'mine@example.cn', ...field });
      expect(res.status).toBe(400);
    }
    expect((await request(svc.app).get(`/users/${other}`).set(admin)).body).toMatchObject({ email: null, version: 1 });
    expect((await request(svc.app).get('/me').set(me)).body).toMatchObject({ email: null, role: 'liaison', version: 1 });
  });

  it('refuses sign-in and refresh to a disabled user', async () => {
    const { username, id } = await newLiaison();
    const t = (await request(svc.app).post('/auth/login').send({ username, password: PASSWORD })).body;
    await request(svc.app).patch(`/users/${id}`).set(admin).send({ version: 1, active: false });
    expect((await request(svc.app).post('/auth/login').send({ username, password: PASSWORD })).status).toBe(401);
    expect((await request(svc.app).post('/auth/refresh').send({ refreshToken: t.refreshToken })).status).toBe(401);
  });

  it('rejects bad input naming the fields, and duplicate usernames', async () => {
    const bad = await request(svc.app).post('/users').set(admin).send({ username: 'x', name: '', role: 'liaison', password: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['name', 'username']);
    const unbound = await request(svc.app).post('/users').set(admin).send({ username: uniq('u'), name: 'n', role: 'liaison', password: PASSWORD });
    expect(unbound.status).toBe(400);
    expect(unbound.body.errors[0].path).toBe('cityCode');
    const weak = await request(svc.app).post('/users').set(admin).send({ username: uniq('u'), name: 'n', role: 'admin', password: 'short' });
    expect(weak.body.errors[0]).toMatchObject({ path: 'password' });
    const { username } = await newLiaison();
    const dup = await request(svc.app).post('/users').set(admin).send({ username, name: 'n', role: 'admin', password: PASSWORD });
    expect(dup.status).toBe(409);
  });

  it('denies user management to everyone but admins', async () => {
    const { id } = await newLiaison();
    const me = liaisonHdr(id);
    expect((await request(svc.app).post('/users').set(me).send({ username: uniq('u'), name: 'n', role: 'admin', password: PASSWORD })).status).toBe(403);
    expect((await request(svc.app).get('/users').set(me)).status).toBe(403);
    const { id: other } = await newLiaison();
    expect((await request(svc.app).get(`/users/${other}`).set(me)).status).toBe(403);
    expect((await request(svc.app).get('/me').set(me)).body.id).toBe(id);
    expect((await request(svc.app).get('/users')).status).toBe(401);
  });

  it('refuses weak passwords: a common one, the username, more than 72 bytes', async () => {
    const create = (username: string, password: string) => request(svc.app).post('/users').set(admin).send({ username, name: '王联络', role: 'liaison', cityCode: '210100', password });
    const name = uniq('weak').toLowerCase();
    for (const [password, why] of [['password12', /too common/], [`${name}1`, /username/], ['a1' + '计'.repeat(30), /72 bytes/]] as const) {
      const res = await create(name, password);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'password', message: expect.stringMatching(why) }]);
    }
    expect((await create(name, 'Metrodesk2026')).status).toBe(201);
  });

  it('needs the current password to change one\'s own, not for an admin resetting another\'s', async () => {
    const { id, username } = await newLiaison();
    const self = liaisonHdr(id);
    const missing = await request(svc.app).put(`/users/${id}/password`).set(self).send({ password: 'New-pass-2026x' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: 'currentPassword', message: expect.any(String) }]);
    expect((await request(svc.app).put(`/users/${id}/password`).set(self).send({ password: 'New-pass-2026x', currentPassword: 'not-it-2026' })).status).toBe(400);
    expect((await request(svc.app).put(`/users/${id}/password`).set(self).send({ password: 'New-pass-2026x', currentPassword: PASSWORD })).status).toBe(204);
    expect((await request(svc.app).put(`/users/${id}/password`).set(admin).send({ password: 'Reset-pass-2026y' })).status).toBe(204);
    expect((await request(svc.app).post('/auth/login').set('x-forwarded-for', '10.9.9.9').send({ username, password: 'Reset-pass-2026y' })).status).toBe(200);
  });

  describe('sign-in standing (what the gateway checks)', () => {
    const service = { 'x-metrodesk-identity': signIdentity({ userId: 'gateway', role: 'service' }, SECRET) };
    const signIn = async (username: string, password = PASSWORD) => {
      const t = (await request(svc.app).post('/auth/login').set('x-forwarded-for', '10.8.8.8').send({ username, password })).body;
      return { ...t, claims: verifyAccessToken(t.accessToken, JWT) };
    };
    const stands = async (c: { sub: string; sid?: string; tv?: number }) =>
      (await request(svc.app).get(`/internal/sessions/${c.sid}`).query({ userId: c.sub, tv: c.tv }).set(service)).body.active as boolean;

    it('ends with sign-out, sign-out everywhere, a password change, disabling, and a reused refresh token', async () => {
      const { username, id } = await newLiaison();
      const a = await signIn(username);
      expect(a.claims).toMatchObject({ sid: expect.any(String), tv: 0 });
      expect(await stands(a.claims)).toBe(true);
      await request(svc.app).post('/auth/logout').send({ refreshToken: a.refreshToken });
      expect(await stands(a.claims)).toBe(false);

      const b = await signIn(username);
      const c = await signIn(username);
      expect((await request(svc.app).post('/me/logout-all').set(liaisonHdr(id))).status).toBe(204);
      expect(await stands(b.claims)).toBe(false);
      expect(await stands(c.claims)).toBe(false);

      const d = await signIn(username);
      await request(svc.app).post('/auth/refresh').send({ refreshToken: d.refreshToken });
      await request(svc.app).post('/auth/refresh').send({ refreshToken: d.refreshToken });
      expect(await stands(d.claims)).toBe(false);

      const e = await signIn(username);
      expect(await stands(e.claims)).toBe(true);
      await request(svc.app).put(`/users/${id}/password`).set(admin).send({ password: 'Changed-pass-2026' });
      expect(await stands(e.claims)).toBe(false);

      const f = await signIn(username, 'Changed-pass-2026');
      const got = await request(svc.app).get(`/users/${id}`).set(admin);
      await request(svc.app).patch(`/users/${id}`).set(admin).send({ version: got.body.version, active: false });
      expect(await stands(f.claims)).toBe(false);
    });

    it('answers only the gateway (role service)', async () => {
      const { id } = await newLiaison();
      expect((await request(svc.app).get('/internal/sessions/x').query({ userId: id, tv: 0 }).set(liaisonHdr(id))).status).toBe(403);
    });
  });
});
