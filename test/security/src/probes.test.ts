import ExcelJS from 'exceljs';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { ADMIN, RATE_LIMIT, SESSION_CACHE_MS, rssOf, startSecurityStack, type SecurityStack } from './stack';

/**
 * The probes of the security review (issue 22) as code, through the real gateway in front of
 * identity and accounts running as their own processes.
 */
let stack: SecurityStack;
let admin: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uniq = (p: string) => `${p}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
/** What the accounts process may hold at its peak while refusing a bomb. */
const ACCOUNTS_RSS_LIMIT = 350 * 1024 * 1024;

async function newUser(role: 'liaison' | 'admin', extra: Record<string, string> = {}) {
  const username = uniq('sec').toLowerCase();
  const password = `Pw-${uniq('x')}-9`;
  const r = await stack.call('POST', '/api/identity/users', { token: admin, body: { username, name: '安全测试', role, password, ...extra } });
  if (r.status !== 201) throw new Error(`create user: ${r.status} ${r.text}`);
  return { username, password, id: (r.body as { id: string }).id };
}

async function workbook(fill: (s: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('enterprises'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  stack = await startSecurityStack();
  admin = (await stack.signIn(ADMIN.username, ADMIN.password)).accessToken;
}, 180_000);
afterAll(async () => {
  await stack?.stop();
});

describe('security probes', () => {
  it('proxy escapes: no path reaches a host other than the configured service', async () => {
    const port = stack.bait.port;
    for (const path of [`//127.0.0.1:${port}/debug/vars`, `///127.0.0.1:${port}/`, `/%2F127.0.0.1:${port}/`, `/..//127.0.0.1:${port}/`, `/%2e%2e//127.0.0.1:${port}/`, `/\\\\127.0.0.1:${port}/`]) {
      const r = await stack.call('GET', `/api/accounts${path}`, { token: admin });
      expect(r.text).not.toContain('bait');
    }
    expect(stack.bait.hits()).toBe(0);
  });

  it('path normalisation: encoded dot segments, malformed escapes and service metrics', async () => {
    for (const path of ['/api/identity/auth/%2e%2e/metrics', '/api/identity/auth/%2E%2E/users', '/api/identity/auth/../users']) {
      const r = await stack.call('GET', path);
      expect([401, 404]).toContain(r.status);
      expect(r.text).not.toContain('process_cpu');
    }
    const bad = await stack.call('GET', '/api/accounts/enterprises/%zz', { token: admin });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await stack.call('GET', '/metrics')).status).toBe(404);
    expect((await stack.call('GET', '/api/identity/metrics', { token: admin })).status).toBe(404);
  });

  it('bad input: 5,000-deep JSON and NUL in a string are 400, not 500', async () => {
    const deep = await stack.call('POST', '/api/accounts/enterprises', { token: admin, raw: '['.repeat(5000) + ']'.repeat(5000), type: 'application/json' });
    expect(deep.status).toBe(400);
    const nul = await stack.call('POST', '/api/accounts/enterprises', { token: admin, body: { name: 'a\u0000b' } });
    expect(nul.status).toBe(400);
  });

  it(`bombs: accounts refuses them with 413, answers healthz throughout and stays under ${ACCOUNTS_RSS_LIMIT / 1024 / 1024} MB`, async () => {
    const bomb = await workbook((s) => {
      s.getCell('A1').value = 'uscc';
      s.getCell('A2').value = 'z'.repeat(50 * 1024 * 1024);
    });
    const sparse = await workbook((s) => {
      s.getCell('A1').value = 'uscc';
      s.getCell('A1048576').value = '91210100MA0000000X';
    });
    const pid = stack.accounts.pid!;
    let peak = rssOf(pid);
    let healthy = 0;
    let unhealthy = 0;
    let uploading = true;
    const watch = (async () => {
      while (uploading) {
        peak = Math.max(peak, rssOf(pid));
        const h = await fetch(`${stack.accounts.url}/healthz`, { signal: AbortSignal.timeout(5000) }).catch(() => null);
        if (h?.ok) healthy += 1;
        else unhealthy += 1;
        await sleep(50);
      }
    })();
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const results = [];
    for (const file of [bomb, sparse, bomb]) results.push(await stack.call('POST', '/api/accounts/imports/enterprises', { token: admin, raw: file, type: XLSX }));
    uploading = false;
    await watch;
    expect(results.map((r) => r.status)).toEqual([413, 413, 413]);
    expect(results.map((r) => (r.body as { limit: string }).limit)).toEqual(['maxInflatedBytes', 'maxRows', 'maxInflatedBytes']);
    expect(healthy).toBeGreaterThan(0);
    expect(unhealthy).toBe(0);
    expect(peak).toBeLessThan(ACCOUNTS_RSS_LIMIT);
  });

  it('lockout: of 25 parallel wrong passwords only the allowed few are checked, and an unknown name is answered alike', async () => {
    const u = await newUser('liaison', { cityCode: '210100' });
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => stack.call('POST', '/api/identity/auth/login', { body: { username: u.username, password: `wrong-${i}-pw` } })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    // The same answers for a name nobody has.
    const ghostName = uniq('ghost');
    const ghost = await Promise.all(Array.from({ length: 25 }, () => stack.call('POST', '/api/identity/auth/login', { body: { username: ghostName, password: 'wrong-0-pw' } })));
    expect(ghost.map((g) => g.status).sort()).toEqual([...statuses].sort());
    // The owner is throttled only from the address the attempts came from; identity sees the gateway's word for it.
    expect((await stack.call('POST', '/api/identity/auth/login', { body: { username: u.username, password: u.password } })).status).toBe(429);
  });

  it('token revocation: sign-out, sign-out everywhere and a password change end access tokens within seconds', async () => {
    const u = await newUser('liaison', { cityCode: '210100' });
    const a = await stack.signIn(u.username, u.password);
    expect((await stack.call('GET', '/api/identity/me', { token: a.accessToken })).status).toBe(200);
    await stack.call('POST', '/api/identity/auth/logout', { body: { refreshToken: a.refreshToken } });
    await sleep(SESSION_CACHE_MS + 200);
    expect((await stack.call('GET', '/api/identity/me', { token: a.accessToken })).status).toBe(401);

    const b = await stack.signIn(u.username, u.password);
    expect((await stack.call('POST', '/api/identity/me/logout-all', { token: b.accessToken })).status).toBe(204);
    await sleep(SESSION_CACHE_MS + 200);
    expect((await stack.call('GET', '/api/identity/me', { token: b.accessToken })).status).toBe(401);

    const c = await stack.signIn(u.username, u.password);
    const change = await stack.call('PUT', `/api/identity/users/${u.id}/password`, { token: c.accessToken, body: { password: 'Another-pass-2026' } });
    expect(change.status).toBe(400);
    expect((await stack.call('PUT', `/api/identity/users/${u.id}/password`, { token: c.accessToken, body: { password: 'Another-pass-2026', currentPassword: u.password } })).status).toBe(204);
    await sleep(SESSION_CACHE_MS + 200);
    expect((await stack.call('GET', '/api/identity/me', { token: c.accessToken })).status).toBe(401);
  });

  it('CSV escaping: an exported cell never starts a formula', async () => {
    const tag = uniq('csv');
    for (const name of ['=HYPERLINK("http://evil.example","点击")', '+cmd|calc', '-2+3', '@SUM(1)']) {
      const r = await stack.call('POST', '/api/accounts/enterprises', { token: admin, body: { uscc: freshUscc(), name, cityCode: '210100', tags: [tag] } });
      expect(r.status).toBe(201);
    }
    const csv = await stack.call('GET', `/api/accounts/exports/enterprises?format=csv&tags=${tag}`, { token: admin });
    expect(csv.status).toBe(200);
    const cells = csv.text.replace(/^\uFEFF/, '').split('\r\n').slice(1).filter(Boolean).map((line) => line.split(',')[2]!);
    expect(cells).toHaveLength(4);
    for (const cell of cells) expect(cell).toMatch(/^"'[=+\-@]/);
  });

  // Runs last: it spends the anonymous budget of this client.
  it('rate-limit spoofing: rotating X-Forwarded-For does not buy a fresh budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 10; i++) {
      statuses.push((await stack.call('POST', '/api/identity/auth/refresh', { body: { refreshToken: 'not-a-token-at-all' }, headers: { 'x-forwarded-for': `203.0.113.${i % 250}` } })).status);
    }
    expect(statuses.slice(-5)).toEqual([429, 429, 429, 429, 429]);
  });
});

/** A USCC with a valid check character, unique enough for one run. */
function freshUscc(): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += USCC_ALPHABET[Math.floor(Math.random() * USCC_ALPHABET.length)];
  return makeUscc('9', '1', '210102', body);
}
