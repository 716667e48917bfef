/**
 * Notifications through the console, against the real services behind the real gateway:
 *
 *   1. a liaison's bell count rises without a reload when a request is assigned to them
 *      (the inbox's live stream through the gateway);
 *      and the queue marks that request's row "awaiting you";
 *   2. the enterprise opens the link of the "received" email (read from Mailpit's HTTP API),
 *      signs in and lands on its request;
 *   3. the bell and the inbox, as the liaison and as the enterprise, zh-CN, at laptop and
 *      phone width (screenshots), marking read lowers the bell.
 *
 * The e2e databases persist between runs: rows and emails are found by request number.
 *
 * The service's CONSOLE_URL cannot know the gateway's random port, so the test opens the
 * link's path on the gateway: the path is what the email decides.
 */
import type { Browser } from 'playwright-core';
import { randomInt } from 'node:crypto';
import { uniq, waitFor } from '@metrodesk/testkit';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { apiAs, fileWhenKnown, makeUser, startStack, type Stack, type TestUser } from './stack';
import { launch, newPage, overflowX, PHONE, shot, signIn } from './browser';

// Jinzhou: a city few other tests use.
const CITY = '210700';
const MAILPIT_URL = process.env.MAILPIT_URL ?? 'http://127.0.0.1:8026';

let stack: Stack;
let browser: Browser;
let liaison: TestUser, manager: TestUser, enterprise: TestUser, staffForFiling: TestUser;
let enterpriseId: string;
let enterpriseEmail: string;
/** The request assigned to the liaison in the first test, whose notice the inbox walk finds. */
let assignedNumber: string;

const randomUscc = () => makeUscc('9', '1', '210702', Array.from({ length: 8 }, () => USCC_ALPHABET[randomInt(USCC_ALPHABET.length)]).join(''));

interface MailSummary {
  ID: string;
  Subject: string;
}
async function mailTo(address: string): Promise<MailSummary[]> {
  const res = await fetch(`${MAILPIT_URL}/api/v1/search?query=${encodeURIComponent(`to:"${address}"`)}&limit=50`);
  if (!res.ok) throw new Error(`Mailpit search answered ${res.status}`);
  return ((await res.json()) as { messages: MailSummary[] }).messages;
}
async function mailText(id: string): Promise<string> {
  const res = await fetch(`${MAILPIT_URL}/api/v1/message/${id}`);
  return ((await res.json()) as { Text: string }).Text;
}

async function assign(requestId: string, to: TestUser): Promise<void> {
  // Auto-routing may assign first: a version conflict just means "read again and retry".
  const asManager = await apiAs(stack, manager);
  await waitFor(
    async () => {
      const current = await asManager<{ version: number; assigneeId: string | null }>('GET', `/requests/requests/${requestId}`);
      if (current.status !== 200) return false;
      if (current.body.assigneeId === to.id) return true;
      const res = await asManager('POST', `/requests/requests/${requestId}/assign`, { version: current.body.version, assigneeId: to.id });
      return res.status === 200;
    },
    { timeoutMs: 30_000, intervalMs: 500, what: 'the manager to assign the request' },
  );
}

beforeAll(async () => {
  stack = await startStack(['accounts', 'assignment', 'sla', 'requests', 'notifications'], { label: 'e2e-notifications' });
  browser = await launch();
  liaison = await makeUser(stack, 'liaison', { cityCode: CITY, name: '锦州联络员' });
  staffForFiling = await makeUser(stack, 'liaison', { cityCode: CITY, name: '锦州值班联络员' });
  manager = await makeUser(stack, 'city_manager', { cityCode: CITY, name: '锦州市局' });
  const call = await apiAs(stack, manager);
  const e = await call<{ id: string }>('POST', '/accounts/enterprises', { uscc: randomUscc(), name: `锦州仪表 ${uniq('e')}`, cityCode: CITY });
  expect(e.status).toBe(201);
  enterpriseId = e.body.id;
  enterpriseEmail = `${uniq('ent').toLowerCase()}@example.cn`;
  enterprise = await makeUser(stack, 'enterprise', { enterpriseId, name: '锦州仪表计量员', email: enterpriseEmail });
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('notifications in the console', () => {
  it("raises the liaison's bell count without a reload when a request is assigned to them", async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, stack, liaison, /\/work$/);
    const bell = page.getByTestId('bell');
    await bell.waitFor();
    const count = async () => Number((await page.getByTestId('bell-count').count()) > 0 ? await page.getByTestId('bell-count').textContent() : '0');
    const before = await count();
    const filed = await fileWhenKnown(stack, enterprise, staffForFiling, enterpriseId, { category: 'other', title: '电能表检定咨询', description: '请联系我们。' }, `notify-${enterpriseId}`);
    expect(filed.number).toMatch(/^210700-\d{4}-\d{6}$/);
    assignedNumber = filed.number;
    await assign(filed.id, liaison);
    const url = page.url();
    await waitFor(async () => (await count()) > before, { timeoutMs: 60_000, intervalMs: 500, what: 'the bell count to rise' });
    expect(page.url()).toBe(url);
    await shot(page, 'notifications-01-bell');
    // The queue marks the row of a request with unread notifications "awaiting you".
    await page.reload();
    const row = page.getByTestId('queue').locator('tr', { has: page.getByTestId('queue-number').filter({ hasText: filed.number }) });
    await row.getByTestId('awaiting-you').filter({ hasText: '待您处理' }).waitFor();
    await context.close();
  });

  it("takes the enterprise from the email's link, through sign-in, to its request", async () => {
    const asOwner = await apiAs(stack, enterprise);
    const filed = await asOwner<{ id: string; number: string }>('POST', '/requests/requests', { category: 'other', title: '压力表送检', description: '十块压力表。' }, { 'idempotency-key': `mail-${enterpriseId}` });
    expect(filed.status).toBe(201);
    const requestId = filed.body.id;
    const link = await waitFor(
      async () => {
        for (const m of await mailTo(enterpriseEmail)) {
          // The subject carries the request number: "[210700-2026-000123] 已受理：压力表送检".
          if (m.Subject !== `[${filed.body.number}] 已受理：压力表送检`) continue;
          const found = /https?:\/\/\S+\/portal\/requests\/\S+/.exec(await mailText(m.ID));
          if (found) return found[0];
        }
        return undefined;
      },
      { timeoutMs: 90_000, intervalMs: 1000, what: 'the email with its link in Mailpit' },
    );
    const path = new URL(link).pathname;
    expect(path).toBe(`/portal/requests/${requestId}`);

    const { context, page } = await newPage(browser);
    await page.goto(`${stack.baseUrl}${path}`);
    await page.waitForURL(/\/login/);
    await page.locator('input[name=username]').fill(enterprise.username);
    await page.locator('input[name=password]').fill(enterprise.password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(new RegExp(`/portal/requests/${requestId}$`));
    await page.getByTestId('timeline').waitFor();
    expect(await page.locator('main').textContent()).toContain('压力表送检');
    await shot(page, 'notifications-02-from-email');
    await context.close();
  });
});

describe('the bell and the inbox', () => {
  const walk = async (user: TestUser, home: RegExp, viewport: typeof PHONE | undefined, name: string, text: string) => {
    const { context, page } = viewport ? await newPage(browser, viewport) : await newPage(browser);
    await signIn(page, stack, user, home);
    const bell = page.getByTestId('bell');
    await bell.waitFor();
    await shot(page, `notifications-${name}-home`);
    await bell.click();
    await page.waitForURL(/\/inbox$/);
    const entry = page.getByTestId('inbox').locator('li', { hasText: text });
    await entry.first().waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(/[a-z]+_[a-z_]+|[0-9a-f]{8}-[0-9a-f]{4}-/);
    if (viewport) expect(await overflowX(page)).toBe(0);
    await shot(page, `notifications-${name}-inbox`);
    await context.close();
  };

  it('shows the liaison the assignment in the inbox at laptop and phone width', async () => {
    // The liaison is this run's own; the assignment's notice may come before the filing's event
    // has taught notifications the number (two topics), so it is found by title.
    expect(assignedNumber).toBeDefined();
    await walk(liaison, /\/work$/, undefined, 'liaison-laptop', '电能表检定咨询');
    await walk(liaison, /\/work$/, PHONE, 'liaison-phone', '电能表检定咨询');
  });

  it('shows the enterprise its notices in the inbox and lowers the bell when all are read, at laptop and phone width', async () => {
    const asOwner = await apiAs(stack, enterprise);
    const filed = await asOwner<{ id: string; number: string }>('POST', '/requests/requests', { category: 'other', title: '温度计校准', description: '两支温度计。' }, { 'idempotency-key': `inbox-${enterpriseId}` });
    expect(filed.status).toBe(201);
    await waitFor(async () => ((await asOwner<{ items: { subject: string }[] }>('GET', '/notifications/notifications')).body.items ?? []).some((i) => i.subject.startsWith(`[${filed.body.number}]`)) || undefined, { timeoutMs: 90_000, intervalMs: 1000, what: 'the notice in the inbox' });
    await walk(enterprise, /\/portal$/, undefined, 'enterprise-laptop', filed.body.number);
    await walk(enterprise, /\/portal$/, PHONE, 'enterprise-phone', filed.body.number);

    const { context, page } = await newPage(browser, PHONE);
    await signIn(page, stack, enterprise, /\/portal$/);
    await page.getByTestId('bell-count').waitFor();
    await page.getByTestId('bell').click();
    await page.getByTestId('inbox-read-all').click();
    await page.getByTestId('bell-count').waitFor({ state: 'detached' });
    await shot(page, 'notifications-enterprise-phone-all-read');
    await context.close();
  });
});
