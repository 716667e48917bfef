import request from 'supertest';
import { infra, testLogger, TopicTap, uniq } from '@metrodesk/testkit';
import { signIdentity, verifyAccessToken } from '@metrodesk/access';
import { USER_TOPIC } from '@metrodesk/contracts';
import { createIdentityService, type IdentityService } from '../../src/service';
import { readConfig } from '../../src/config';

const SECRET = 'test-identity-secret-0123456789';
const JWT = 'test-jwt-secret-0123456789-0123456789-abcdef';
const admin = { 'x-metrodesk-identity': signIdentity({ userId: 'admin-0', role: 'admin' }, SECRET) };
const liaisonHdr = (userId: string) => ({ 'x-metrodesk-identity': signIdentity({ userId, role: 'liaison', cityCode: '210100' }, SECRET) });
const PASSWORD = 'metrology2026';

let svc: IdentityService;
let tap: TopicTap;

beforeAll(async () => {
  svc = await createIdentityService(
    readConfig({
      MONGO_URL: infra.mongoUrl, KAFKA_BROKERS: infra.kafkaBrokers.join(','), IDENTITY_SECRET: SECRET, JWT_SECRET: JWT,
      MONGO_DB: 'metrodesk_identity_test', LOCKOUT_THRESHOLD: '3', BCRYPT_ROUNDS: '4', OUTBOX_INTERVAL_MS: '100', LOG_LEVEL: 'silent',
    }),
    testLogger('identity'),
  );
  await svc.runtime.startBackground();
  tap = await new TopicTap([USER_TOPIC]).start();
});
afterAll(async () => {
  await tap.stop();
  await svc.stop();
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

  it('revokes on logout', async () => {
    const { username } = await newLiaison();
    const t = (await request(svc.app).post('/auth/login').send({ username, password: PASSWORD })).body;
    expect((await request(svc.app).post('/auth/logout').send({ refreshToken: t.refreshToken })).status).toBe(204);
    expect((await request(svc.app).post('/auth/refresh').send({ refreshToken: t.refreshToken })).status).toBe(401);
  });

  it('locks an account after repeated failed sign-ins, even for the right password', async () => {
    const { username } = await newLiaison();
    expect((await request(svc.app).post('/auth/login').send({ username, password: 'wrong-password-1' })).status).toBe(401);
    expect((await request(svc.app).post('/auth/login').send({ username, password: 'wrong-password-2' })).status).toBe(401);
    const third = await request(svc.app).post('/auth/login').send({ username, password: 'wrong-password-3' });
    expect(third.status).toBe(423);
    expect(third.body.code).toBe('account_locked');
    const right = await request(svc.app).post('/auth/login').send({ username, password: PASSWORD });
    expect(right.status).toBe(423);
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
});
