import type { Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { signAccessToken, signIdentity, verifyIdentity } from '@metrodesk/access';
import { freePort, testLogger } from '@metrodesk/testkit';
import { createApp } from '../../src/app';
import { SERVICES, readConfig, upstreams, type ServiceName } from '../../src/config';
import { join } from 'node:path';

// A real HTTP upstream that reports what the gateway forwarded to it.
const JWT = 'gateway-test-jwt-secret-0123456789-abcdef';
const SECRET = 'gateway-test-identity-secret';
let upstream: Server;
let sessionChecks = 0;
let base: string;
/** Set when the upstream's stream was closed by the gateway. */
let streamClosed = false;

beforeAll(async () => {
  const echo = express();
  echo.use(express.raw({ type: '*/*', limit: '5mb' }));
  // A live stream that sends one event and then stays open.
  echo.get('/notifications/stream', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(`id: 1\nevent: notification\ndata: {"last":"${req.headers['last-event-id'] ?? ''}"}\n\n`);
    res.on('close', () => (streamClosed = true));
  });
  // Identity's answer on whether a sign-in stands: the sign-in named 'ended' does not.
  echo.get('/internal/sessions/:sid', (req, res) => {
    sessionChecks += 1;
    res.json({ active: req.params.sid !== 'ended' && req.header('x-metrodesk-identity') !== undefined });
  });
  echo.all(/.*/, (req, res) => {
    res.setHeader('x-upstream', 'yes');
    res.status(req.path === '/created' ? 201 : 200).json({ method: req.method, path: req.originalUrl, headers: req.headers, body: req.body?.length ? req.body.toString('utf8') : null });
  });
  upstream = echo.listen(0, '127.0.0.1');
  await new Promise((r) => upstream.once('listening', r));
  base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => upstream.close(r)));

function gateway(over: { rateLimitPerMinute?: number; upstreams?: Partial<Record<ServiceName, string | string[]>>; metricsToken?: string; trustProxyHops?: number } = {}) {
  const ups = Object.fromEntries(SERVICES.map((s) => [s, base])) as Record<ServiceName, string>;
  return createApp({
    logger: testLogger('gateway'), jwtSecret: JWT, identitySecret: SECRET, identityTtlSeconds: 60,
    upstreams: { ...ups, ...over.upstreams }, corsOrigins: ['https://console.example'], rateLimitPerMinute: over.rateLimitPerMinute ?? 100,
    upstreamTimeoutMs: 2000, metricsToken: over.metricsToken, trustProxyHops: over.trustProxyHops ?? 0, sessionCacheMs: 1000, contractsDir: join(__dirname, '../../../../contracts/http'),
  });
}
const bearer = (claims: Parameters<typeof signAccessToken>[0]) => ({ authorization: `Bearer ${signAccessToken({ sid: 'signin-1', tv: 0, ...claims }, JWT, 60)}` });

describe('gateway', () => {
  it('verifies the token and forwards a signed identity, stripping the prefix and any credentials', async () => {
    const res = await request(gateway()).post('/api/requests/requests?x=1').set(bearer({ sub: 'u1', role: 'liaison', cityCode: '210100', provinceCode: '210000' })).send({ title: '检定' });
    expect(res.status).toBe(200);
    expect(res.headers['x-upstream']).toBe('yes');
    expect(res.body.path).toBe('/requests?x=1');
    expect(res.body.headers.authorization).toBeUndefined();
    expect(JSON.parse(res.body.body)).toEqual({ title: '检定' });
    const who = verifyIdentity(res.body.headers['x-metrodesk-identity'], SECRET);
    expect(who).toMatchObject({ userId: 'u1', role: 'liaison', cityCode: '210100', aud: 'requests' });
    expect(res.body.headers['x-request-id']).toBe(res.headers['x-request-id']);
  });

  it('never passes on an identity header sent by the caller', async () => {
    const forged = signIdentity({ userId: 'evil', role: 'admin' }, SECRET);
    const anonymous = await request(gateway()).get('/api/accounts/enterprises').set('x-metrodesk-identity', forged);
    expect(anonymous.status).toBe(401);
    const res = await request(gateway()).get('/api/accounts/enterprises').set('x-metrodesk-identity', forged).set(bearer({ sub: 'u2', role: 'enterprise', enterpriseId: 'e2' }));
    expect(verifyIdentity(res.body.headers['x-metrodesk-identity'], SECRET)).toMatchObject({ userId: 'u2', role: 'enterprise' });
  });

  it('rejects missing, forged and expired tokens with 401 problem+json', async () => {
    const app = gateway();
    expect((await request(app).get('/api/accounts/enterprises')).status).toBe(401);
    const forged = signAccessToken({ sub: 'u', role: 'admin' }, 'another-secret-another-secret-0123', 60);
    const bad = await request(app).get('/api/accounts/enterprises').set('authorization', `Bearer ${forged}`);
    expect(bad.status).toBe(401);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const expired = signAccessToken({ sub: 'u', role: 'admin' }, JWT, 60, Date.now() - 120_000);
    expect((await request(app).get('/api/accounts/enterprises').set('authorization', `Bearer ${expired}`)).body.detail).toMatch(/expired/);
  });

  it('lets sign-in through without a token, and nothing else of identity', async () => {
    const app = gateway();
    const login = await request(app).post('/api/identity/auth/login').send({ username: 'a', password: 'b' });
    expect(login.status).toBe(200);
    expect(login.body.headers['x-metrodesk-identity']).toBeUndefined();
    expect((await request(app).get('/api/identity/users')).status).toBe(401);
  });

  it('rate-limits per user', async () => {
    const app = gateway({ rateLimitPerMinute: 3 });
    const me = bearer({ sub: 'busy', role: 'admin' });
    for (let i = 0; i < 3; i++) expect((await request(app).get('/api/sla/x').set(me)).status).toBe(200);
    const limited = await request(app).get('/api/sla/x').set(me);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await request(app).get('/api/sla/x').set(bearer({ sub: 'other', role: 'admin' }))).status).toBe(200);
  });

  it('answers CORS preflights for listed origins only', async () => {
    const app = gateway();
    const ok = await request(app).options('/api/accounts/enterprises').set('origin', 'https://console.example').set('access-control-request-method', 'POST');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://console.example');
    const no = await request(app).options('/api/accounts/enterprises').set('origin', 'https://evil.example').set('access-control-request-method', 'POST');
    expect(no.status).toBe(403);
    expect(no.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 404 for an unknown service and 502 when a service is down', async () => {
    const me = bearer({ sub: 'u', role: 'admin' });
    expect((await request(gateway()).get('/api/nope/x').set(me)).status).toBe(404);
    const down = await request(gateway({ upstreams: { reporting: 'http://127.0.0.1:1' } })).get('/api/reporting/summary').set(me);
    expect(down.status).toBe(502);
    expect(down.body.code).toBe('upstream_unavailable');
  });

  it('takes turns among a service\'s replicas and passes over one that is down, for reads, JSON writes and the sign-in check', async () => {
    // A second replica that says who it is; the first address refuses connections.
    const other = express();
    other.use(express.json());
    other.get('/internal/sessions/:sid', (_req, res) => res.json({ active: true }));
    other.all(/.*/, (req, res) => res.setHeader('x-upstream', 'second').json({ method: req.method, body: req.body ?? null }));
    const second = other.listen(0, '127.0.0.1');
    await new Promise((r) => second.once('listening', r));
    const secondBase = `http://127.0.0.1:${(second.address() as AddressInfo).port}`;
    // Nothing listens there: a replica that is down. (fetch refuses some ports, such as 1, outright.)
    const down = `http://127.0.0.1:${await freePort()}`;
    const down2 = `http://127.0.0.1:${await freePort()}`;
    try {
      const me = bearer({ sub: 'u1', role: 'liaison', cityCode: '210100', provinceCode: '210000' });
      const turns = gateway({ upstreams: { requests: [base, secondBase] } });
      const served = [];
      for (let i = 0; i < 4; i++) served.push((await request(turns).get('/api/requests/requests').set(me)).headers['x-upstream']);
      expect(served).toEqual(['yes', 'second', 'yes', 'second']);

      const oneDown = gateway({ upstreams: { requests: [down, secondBase], identity: [down, secondBase] } });
      for (let i = 0; i < 3; i++) {
        const read = await request(oneDown).get('/api/requests/requests').set(me);
        expect([read.status, read.headers['x-upstream']]).toEqual([200, 'second']);
        const write = await request(oneDown).post('/api/requests/requests').set(me).send({ title: '检定' });
        expect([write.status, write.headers['x-upstream'], write.body.body]).toEqual([200, 'second', { title: '检定' }]);
      }
      const allDown = await request(gateway({ upstreams: { requests: [down, down2] } })).get('/api/requests/requests').set(me);
      expect([allDown.status, allDown.body.code]).toEqual([502, 'upstream_unavailable']);
    } finally {
      await new Promise((r) => second.close(r));
    }
  });

  it('passes over a replica that resets a kept-alive connection instead of answering (killed since its last answer)', async () => {
    // The first request on each connection is answered and the connection kept; the next
    // request on it is met with a reset, as from a process killed in between.
    const dying = createNetServer((socket) => {
      let answered = false;
      socket.on('data', () => {
        if (answered) return socket.resetAndDestroy();
        answered = true;
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-upstream: dying\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n{}');
      });
    });
    dying.listen(0, '127.0.0.1');
    await new Promise((r) => dying.once('listening', r));
    const dyingBase = `http://127.0.0.1:${(dying.address() as AddressInfo).port}`;
    try {
      const me = bearer({ sub: 'u1', role: 'liaison', cityCode: '210100', provinceCode: '210000' });
      const app = gateway({ upstreams: { requests: [dyingBase, base, dyingBase, base] } });
      const first = await request(app).get('/api/requests/requests').set(me);
      expect([first.status, first.headers['x-upstream']]).toEqual([200, 'dying']);
      // Turn 2 goes to the live one; turn 3 to the dying one again, over the kept connection.
      expect((await request(app).get('/api/requests/requests').set(me)).headers['x-upstream']).toBe('yes');
      const third = await request(app).post('/api/requests/requests').set(me).send({ title: '检定' });
      expect([third.status, third.headers['x-upstream']]).toEqual([200, 'yes']);
    } finally {
      await new Promise((r) => dying.close(r));
    }
  });

  it('reads a service\'s replicas from its setting and names the setting when one address is not a URL', () => {
    const env = { JWT_SECRET: JWT.padEnd(32, 'x'), IDENTITY_SECRET: SECRET.padEnd(32, 'x') };
    expect(upstreams(readConfig({ ...env, REQUESTS_URL: 'http://127.0.0.1:4102, http://127.0.0.1:4202' })).requests).toBe('http://127.0.0.1:4102, http://127.0.0.1:4202');
    expect(() => readConfig({ ...env, REQUESTS_URL: 'http://127.0.0.1:4102,not a url' })).toThrow(/REQUESTS_URL/);
  });

  it('passes a Server-Sent Events stream through as it comes, past the request timeout, and ends it upstream when the caller leaves', async () => {
    const server = gateway().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const controller = new AbortController();
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/notifications/notifications/stream`, {
        headers: { ...bearer({ sub: 'u9', role: 'liaison', cityCode: '210100' }), 'last-event-id': '0' },
        signal: controller.signal,
      });
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const reader = res.body!.getReader();
      // The upstream never ends its response: this reads the first event only if it was not held back.
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toContain('event: notification');
      expect(first).toContain('"last":"0"');
      // The gateway's upstream timeout here is 2 s; the stream outlives it.
      await new Promise((r) => setTimeout(r, 2500));
      expect(streamClosed).toBe(false);
      controller.abort();
      const deadline = Date.now() + 5000;
      while (!streamClosed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(streamClosed).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('serves the API documentation from the contracts', async () => {
    const app = gateway();
    const index = await request(app).get('/docs');
    expect(index.text).toContain('href="/docs/accounts"');
    const page = await request(app).get('/docs/accounts');
    expect(page.text).toContain('/api/accounts/enterprises');
    const yaml = await request(app).get('/docs/accounts.yaml');
    expect(yaml.text).toMatch(/^openapi: 3\.1/);
    expect((await request(app).get('/docs/_common')).status).toBe(404);
  });

  describe('paths', () => {
    let elsewhere: Server;
    let elsewhereHits = 0;
    let elsewherePort = 0;
    beforeAll(async () => {
      elsewhere = express().use((_req, res) => {
        elsewhereHits += 1;
        res.json({ secret: 'not for callers' });
      }).listen(0, '127.0.0.1');
      await new Promise((r) => elsewhere.once('listening', r));
      elsewherePort = (elsewhere.address() as AddressInfo).port;
    });
    afterAll(() => new Promise((r) => elsewhere.close(r)));

    it('never reaches a host named in the path: a double slash stays on the configured service', async () => {
      const me = bearer({ sub: 'u', role: 'enterprise', enterpriseId: 'e1' });
      for (const escape of [`//127.0.0.1:${elsewherePort}/debug/vars`, `///127.0.0.1:${elsewherePort}/x`, `/%2F127.0.0.1:${elsewherePort}/x`, `/..//127.0.0.1:${elsewherePort}/x`]) {
        const res = await request(gateway()).get(`/api/accounts${escape}`).set(me);
        expect([200, 400, 404]).toContain(res.status);
        if (res.status === 200) expect(res.headers['x-upstream']).toBe('yes');
      }
      expect(elsewhereHits).toBe(0);
      const collapsed = await request(gateway()).get(`/api/accounts//127.0.0.1:${elsewherePort}/debug/vars?a=1`).set(me);
      expect(collapsed.body.path).toBe(`/127.0.0.1:${elsewherePort}/debug/vars?a=1`);
    });

    it('decides on the normalised path: an encoded dot segment does not make a private path public', async () => {
      const app = gateway();
      for (const probe of ['/api/identity/auth/%2e%2e/metrics', '/api/identity/auth/../users', '/api/identity/auth/%2E%2E/%2E%2E/identity/users']) {
        const res = await request(app).get(probe);
        expect([401, 404]).toContain(res.status);
        expect(res.headers['x-upstream']).toBeUndefined();
      }
    });

    it('refuses malformed escapes, NULs and climbs above the root with 400 problem+json', async () => {
      const me = bearer({ sub: 'u', role: 'admin' });
      for (const probe of ['/api/accounts/%zz', '/api/accounts/%', '/api/accounts/a%00b', '/api/accounts/../../../etc/passwd']) {
        const res = await request(gateway()).get(probe).set(me);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/problem\+json/);
        expect(res.body.code).toBe('malformed_path');
      }
    });
  });

  it('answers 400 problem+json for a 5,000-deep JSON body and a NUL in a string', async () => {
    const me = bearer({ sub: 'u', role: 'admin' });
    const deep = await request(gateway()).post('/api/requests/requests').set(me).set('content-type', 'application/json').send('['.repeat(5000) + ']'.repeat(5000));
    expect(deep.status).toBe(400);
    expect(deep.headers['content-type']).toMatch(/problem\+json/);
    const nul = await request(gateway()).post('/api/requests/requests/r1/comments').set(me).send({ text: 'hi\u0000there' });
    expect(nul.status).toBe(400);
    expect(nul.body.errors).toEqual([{ path: 'text', message: 'must not contain NUL characters' }]);
  });

  it('serves its metrics only with the scrape token, and never forwards a service\'s metrics', async () => {
    const token = 'scrape-token-0123456789-0123456789-abc';
    const app = gateway({ metricsToken: token });
    expect((await request(app).get('/metrics')).status).toBe(404);
    expect((await request(app).get('/metrics').set('authorization', 'Bearer wrong')).status).toBe(404);
    const ok = await request(app).get('/metrics').set('authorization', `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('http_request_duration_seconds');
    expect((await request(gateway()).get('/metrics').set('authorization', `Bearer ${token}`)).status).toBe(404);
    const me = bearer({ sub: 'u', role: 'admin' });
    for (const probe of ['/api/identity/metrics', '/api/identity/auth/%2e%2e/metrics', '/api/accounts/readyz']) {
      const res = await request(app).get(probe).set(me);
      expect(res.status).toBe(404);
      expect(res.headers['x-upstream']).toBeUndefined();
    }
  });

  it('keys anonymous callers by the socket address: a spoofed X-Forwarded-For does not rotate past the limit', async () => {
    const app = gateway({ rateLimitPerMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await request(app).post('/api/identity/auth/login').set('x-forwarded-for', `203.0.113.${i}`).send({ username: 'a', password: 'b' })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('believes exactly the configured number of proxy hops', async () => {
    const app = gateway({ rateLimitPerMinute: 1, trustProxyHops: 1 });
    // Behind one ingress the client is the right-most address; what the client wrote to its left is ignored.
    const first = await request(app).post('/api/identity/auth/login').set('x-forwarded-for', '198.51.100.1, 192.0.2.7').send({});
    expect(first.body.headers['x-forwarded-for']).toBe('192.0.2.7');
    expect((await request(app).post('/api/identity/auth/login').set('x-forwarded-for', '198.51.100.2, 192.0.2.7').send({})).status).toBe(429);
    expect((await request(app).post('/api/identity/auth/login').set('x-forwarded-for', '192.0.2.8').send({})).status).toBe(200);
  });

  it('counts requests with invalid tokens against the client', async () => {
    const app = gateway({ rateLimitPerMinute: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(app).get('/api/accounts/enterprises').set('authorization', `Bearer forged.${i}.token`)).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
  });

  it('refuses a token whose sign-in has ended, and tokens from before sign-ins were tracked', async () => {
    const app = gateway();
    expect((await request(app).get('/api/accounts/enterprises').set(bearer({ sub: 'u9', role: 'admin', sid: 'ended' }))).status).toBe(401);
    const untracked = signAccessToken({ sub: 'u9', role: 'admin' }, JWT, 60);
    expect((await request(app).get('/api/accounts/enterprises').set('authorization', `Bearer ${untracked}`)).status).toBe(401);
    // One look-up per sign-in per cache window, not one per request.
    const before = sessionChecks;
    const me = bearer({ sub: 'u10', role: 'admin', sid: 'signin-10' });
    for (let i = 0; i < 5; i++) expect((await request(app).get('/api/accounts/enterprises').set(me)).status).toBe(200);
    expect(sessionChecks - before).toBe(1);
    expect((await request(app).get('/api/identity/internal/sessions/x').set(me)).status).toBe(404);
  });

  it('passes cookies to the sign-in calls only (the refresh-token cookie)', async () => {
    const app = gateway();
    const auth = await request(app).post('/api/identity/auth/refresh').set('cookie', 'metrodesk_refresh=abc.def').send({});
    expect(auth.body.headers.cookie).toBe('metrodesk_refresh=abc.def');
    const other = await request(app).get('/api/accounts/enterprises').set('cookie', 'metrodesk_refresh=abc.def').set(bearer({ sub: 'u', role: 'admin' }));
    expect(other.body.headers.cookie).toBeUndefined();
  });
});
