import request from 'supertest';
import { z } from 'zod';
import { Writable } from 'node:stream';
import { createLogger } from '@metrodesk/logger';
import { ConflictError } from '@metrodesk/errors';
import { signIdentity } from '@metrodesk/access';
import { createBaseApp, createServiceApp, parseWith, requireIdentity, identityOf, Router } from '../src';

function setup(readyDb = true) {
  const lines: string[] = [];
  const destination = new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) });
  const logger = createLogger({ service: 'test', destination });
  const base = createBaseApp({ service: 'test', logger, bodyLimit: '1kb', readiness: { mongo: async () => readyDb } });
  const r = Router();
  const body = z.object({ name: z.string().min(1), items: z.array(z.object({ count: z.number().int().positive() })) });
  r.post('/things', (req, res) => {
    const input = parseWith(body, req.body);
    res.status(201).json(input);
  });
  r.post('/conflict', () => {
    throw new ConflictError('duplicate_thing', 'It exists.', { existingId: 'x1' });
  });
  r.post('/clash', () => {
    throw new ConflictError('bad_state', 'No.', { status: 'revoked', type: 'x' });
  });
  r.get('/boom', async () => {
    throw new Error('secret internal detail at /srv/db');
  });
  r.get('/me', requireIdentity('s3cret'), (req, res) => {
    res.json(identityOf(req));
  });
  base.app.use(r);
  const v1 = Router();
  v1.get('/items/export', (_req, res) => void res.json({}));
  v1.get('/items/:id', (_req, res) => void res.json({}));
  v1.put('/items/:id', (_req, res) => void res.json({}));
  base.app.use('/v1', v1);
  return { app: base.finish(), lines };
}

describe('base app', () => {
  it('answers 400 problem+json naming each bad field', async () => {
    const { app } = setup();
    const res = await request(app).post('/things').send({ name: '', items: [{ count: 0 }] });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['items.0.count', 'name']);
  });

  it('maps domain errors to their status with their extra fields', async () => {
    const res = await request(setup().app).post('/conflict').send({});
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'duplicate_thing', existingId: 'x1', status: 409, title: 'Conflict' });
    const clash = await request(setup().app).post('/clash').send({});
    expect(clash.status).toBe(409);
    expect(clash.body.status).toBe(409);
  });

  it('hides internals of unknown errors and logs them with the request id', async () => {
    const { app, lines } = setup();
    const res = await request(app).get('/boom').set('X-Request-Id', 'req-42');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret internal detail');
    expect(res.body.requestId).toBe('req-42');
    expect(lines.some((l) => l.includes('secret internal detail') && l.includes('req-42'))).toBe(true);
  });

  it('rejects bodies over the limit and malformed JSON', async () => {
    const { app } = setup();
    const big = await request(app).post('/things').send({ name: 'x'.repeat(2000), items: [] });
    expect(big.status).toBe(413);
    const bad = await request(app).post('/things').set('content-type', 'application/json').send('{"name":');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('malformed_json');
  });

  it('answers a known path with the wrong method 405 and Allow', async () => {
    const res = await request(setup().app).delete('/things');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.body.code).toBe('method_not_allowed');
    const nested = await request(setup().app).put('/me');
    expect(nested.status).toBe(405);
    expect(nested.headers.allow).toBe('GET, HEAD');
    const mounted = await request(setup().app).post('/v1/items/42');
    expect(mounted.status).toBe(405);
    expect(mounted.headers.allow).toBe('GET, HEAD, PUT');
    const literal = await request(setup().app).delete('/v1/items/export');
    expect(literal.status).toBe(405);
    expect(literal.headers.allow).toBe('GET, HEAD');
    expect((await request(setup().app).post('/v1/other')).status).toBe(404);
  });

  it('answers OPTIONS with the methods of the path, a literal route speaking for its own path', async () => {
    const literal = await request(setup().app).options('/v1/items/export');
    expect(literal.status).toBe(204);
    expect(literal.headers.allow).toBe('GET, HEAD');
    const param = await request(setup().app).options('/v1/items/42');
    expect(param.headers.allow).toBe('GET, HEAD, PUT');
    expect((await request(setup().app).options('/nope')).status).toBe(404);
  });

  it('gives unknown routes a problem+json 404', async () => {
    const res = await request(setup().app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('route_not_found');
  });

  it('serves health, readiness and metrics', async () => {
    expect((await request(setup(true).app).get('/readyz')).status).toBe(200);
    const down = await request(setup(false).app).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body.checks).toEqual({ mongo: false });
    expect((await request(setup(false).app).get('/healthz')).status).toBe(200);
    const metrics = await request(setup().app).get('/metrics');
    expect(metrics.text).toContain('process_cpu_user_seconds_total');
  });

  it('requires a validly signed identity', async () => {
    const { app } = setup();
    expect((await request(app).get('/me')).status).toBe(401);
    const forged = signIdentity({ userId: 'u', role: 'admin' }, 'wrong');
    expect((await request(app).get('/me').set('x-metrodesk-identity', forged)).status).toBe(401);
    const good = signIdentity({ userId: 'u', role: 'liaison', cityCode: '210100' }, 's3cret');
    const res = await request(app).get('/me').set('x-metrodesk-identity', good);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: 'u', cityCode: '210100' });
  });
});

describe('shared fields', () => {
  it('accepts only real calendar dates', async () => {
    const { isoDate } = await import('../src');
    expect(isoDate.safeParse('2026-02-28').success).toBe(true);
    expect(isoDate.safeParse('2028-02-29').success).toBe(true);
    for (const bad of ['2026-02-29', '0000-00-00', '2026-13-01', '2026-1-1', '1899-12-31']) expect(isoDate.safeParse(bad).success).toBe(false);
  });

  it('refuses NUL characters anywhere in a JSON body with 400 naming the field', async () => {
    const { app } = setup();
    const res = await request(app).post('/things').send({ name: 'a\u0000b', items: [] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'name', message: 'must not contain NUL characters' }]);
    const deep = await request(app).post('/things').send({ name: 'x', items: [{ count: 1, note: 'q\u0000' }] });
    expect(deep.body.errors[0].path).toBe('items.0.note');
  });

  it('refuses a body nested deeper than the limit with 400, not a stack overflow', async () => {
    const { app } = setup();
    const res = await request(app).post('/things').set('content-type', 'application/json').send('['.repeat(200) + ']'.repeat(200));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors[0].message).toMatch(/deeper than 32/);
  });

  it('refuses a forwarded identity signed for another service', async () => {
    const { app } = setup();
    const forOther = signIdentity({ userId: 'u1', role: 'admin', aud: 'accounts' }, 's3cret');
    const res = await request(app).get('/me').set('x-metrodesk-identity', forOther);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/another service/);
    const forMe = signIdentity({ userId: 'u1', role: 'admin', aud: 'test' }, 's3cret');
    expect((await request(app).get('/me').set('x-metrodesk-identity', forMe)).status).toBe(200);
  });
});

describe('client address behind the gateway', () => {
  const logger = createLogger({ service: 'test', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  const trusts = (app: ReturnType<typeof createBaseApp>['app']) => app.get('trust proxy fn') as (addr: string, hop: number) => boolean;

  it('believes the one hop the gateway adds, wherever the gateway runs (a pod address is not loopback)', () => {
    const trust = trusts(createBaseApp({ service: 'test', logger }).app);
    expect(trust('10.244.1.7', 0)).toBe(true);
    expect(trust('10.244.1.7', 1)).toBe(false);
  });

  it('takes the address the gateway wrote, not one a client put in front of it', async () => {
    const base = createBaseApp({ service: 'test', logger });
    base.app.get('/ip', (req, res) => void res.json({ ip: req.ip }));
    const res = await request(base.finish()).get('/ip').set('x-forwarded-for', '6.6.6.6, 10.7.7.7');
    expect(res.body.ip).toBe('10.7.7.7');
  });

  it('lets the gateway say how many proxies sit in front of it', () => {
    const trust = trusts(createBaseApp({ service: 'test', logger, trustProxyHops: 0 }).app);
    expect(trust('127.0.0.1', 0)).toBe(false);
  });
});

describe('service app', () => {
  const logger = createLogger({ service: 'test', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  const named = (path: string, name: string) => {
    const r = Router();
    r.get(path, (_req, res) => void res.json({ by: name }));
    r.post('/echo', (req, res) => void res.json({ size: JSON.stringify(req.body).length }));
    return r;
  };
  const app = (bodyLimit?: string) =>
    createServiceApp('test', { logger, identitySecret: 's3cret', readiness: { mongo: async () => false } }, {
      publicRouters: [named('/open', 'public')],
      routers: [named('/things/export', 'first'), named('/things/:id', 'second')],
      bodyLimit,
    });
  const signed = signIdentity({ userId: 'u', role: 'admin', aud: 'test' }, 's3cret');

  it('serves public routers without an identity and every other router only behind the forwarded one', async () => {
    expect((await request(app()).get('/open')).body).toEqual({ by: 'public' });
    const refused = await request(app()).get('/things/1');
    expect(refused.status).toBe(401);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect((await request(app()).get('/things/1').set('x-metrodesk-identity', signed)).body).toEqual({ by: 'second' });
  });

  it('mounts the routers in the order given, so the first matching route answers', async () => {
    expect((await request(app()).get('/things/export').set('x-metrodesk-identity', signed)).body).toEqual({ by: 'first' });
  });

  it('keeps the base app: readiness checks, 404s as problem+json, and the body limit asked for', async () => {
    expect((await request(app()).get('/readyz')).body.checks).toEqual({ mongo: false });
    expect((await request(app()).get('/nowhere').set('x-metrodesk-identity', signed)).status).toBe(404);
    const body = { text: 'x'.repeat(2000) };
    expect((await request(app('1kb')).post('/echo').set('x-metrodesk-identity', signed).send(body)).status).toBe(413);
    expect((await request(app()).post('/echo').set('x-metrodesk-identity', signed).send(body)).status).toBe(200);
  });
});
