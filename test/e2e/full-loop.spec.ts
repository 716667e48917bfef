/**
 * The whole loop through the console, against every service behind the real gateway:
 *
 *   1. an enterprise files a request with an attachment and follows it on its timeline;
 *   2. the city manager assigns it to the liaison (auto-routing may pick any liaison of the
 *      city that identity events put on the roster, so the test makes the choice explicit);
 *   3. the liaison sees it in the queue with its SLA countdown, responds and resolves;
 *   4. the enterprise rates the return visit satisfied, which closes it;
 *   5. the manager dashboard shows the new figures;
 *   6. a liaison of another city cannot open the request, in the console or the API.
 *
 * Reporting's figures are read through the console's own normalizeFigures, the one place to
 * adjust if the names change.
 */
import type { Browser } from 'playwright-core';
import { uniq, waitFor } from '@metrodesk/testkit';
import { normalizeFigures, type Figures } from '../../services/console/src/lib/figures';
import { apiAs, makeUser, startStack, type Stack, type TestUser } from './stack';
import { arriveOrFail, enterpriseThatFiles, launch, shot, signedIn, tooWideOnPhone } from './browser';

// Huludao: a city few other tests use, so its queue and figures stay readable.
const CITY = '211400';
const OTHER_CITY = '210100';

let stack: Stack;
let browser: Browser;
let liaison: TestUser, otherLiaison: TestUser, manager: TestUser, enterprise: TestUser;
let requestId: string;
let before: Figures;

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const period = () => `from=${today().slice(0, 4)}-01-01&to=${today()}&region=${CITY}`;

async function figures(user: TestUser): Promise<Figures> {
  const call = await apiAs(stack, user);
  const res = await call<unknown>('GET', `/reporting/reports/summary?${period()}`);
  expect(res.status).toBe(200);
  return normalizeFigures(res.body);
}

async function requestAs(user: TestUser) {
  const call = await apiAs(stack, user);
  return (await call<{ state: string; assigneeId: string | null; version: number; number: string }>('GET', `/requests/requests/${requestId}`)).body;
}

beforeAll(async () => {
  stack = await startStack(['accounts', 'assignment', 'sla', 'requests', 'reporting']);
  browser = await launch();
  liaison = await makeUser(stack, 'liaison', { cityCode: CITY, name: '葫芦岛联络员' });
  otherLiaison = await makeUser(stack, 'liaison', { cityCode: OTHER_CITY, name: '沈阳联络员' });
  manager = await makeUser(stack, 'city_manager', { cityCode: CITY, name: '葫芦岛市局' });
  enterprise = (await enterpriseThatFiles(stack, liaison, { cityCode: CITY, name: `葫芦岛泵业 ${uniq('e')}`, owner: '泵业计量员' })).user;
  // Assignment learns liaisons from identity events; put ours on the roster explicitly too.
  const asManager = await apiAs(stack, manager);
  const roster = await asManager('POST', '/assignment/liaisons', { userId: liaison.id, name: liaison.name, cityCode: CITY, categories: ['verification_calibration'], capacity: 50 });
  expect([201, 409]).toContain(roster.status);
  before = await figures(manager);
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the request loop in the console', () => {
  it('1. an enterprise files a request with an attachment and sees it on its timeline', async () => {
    const { context, page } = await signedIn(browser, stack, enterprise, { path: '/portal/new' });
    await page.locator('select[name=category]').selectOption('verification_calibration');
    await page.locator('input[name=title]').fill('54 台可燃气体报警器需要检定');
    await page.locator('textarea[name=description]').fill('复产前需在 24 小时内完成检定。');
    await page.locator('input[name=attachments]').setInputFiles({ name: '清单.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
    await page.locator('button[type=submit]').click();
    await arriveOrFail(page, /\/portal\/requests\/[^/]+$/);
    requestId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByTestId('timeline').waitFor();
    expect(await page.locator('main').textContent()).toContain('清单.pdf');
    await shot(page, 'loop-01-enterprise-filed');
    await context.close();
  });

  it('2–3. the liaison sees it in the queue, responds and resolves', async () => {
    // The manager assigns through requests (tried against the requests branch); auto-routing
    // may assign first, so a version conflict just means "read again and retry".
    const asManager = await apiAs(stack, manager);
    await waitFor(
      async () => {
        const current = await asManager<{ version: number; assigneeId: string | null }>('GET', `/requests/requests/${requestId}`);
        if (current.status !== 200) return false;
        if (current.body.assigneeId === liaison.id) return true;
        const res = await asManager('POST', `/requests/requests/${requestId}/assign`, { version: current.body.version, assigneeId: liaison.id });
        if (res.status !== 200) throw new Error(`assign answered ${res.status} ${JSON.stringify(res.body)}`);
        return true;
      },
      { timeoutMs: 20_000, intervalMs: 500, what: 'the manager to assign the request to the liaison' },
    );
    await waitFor(async () => (await requestAs(liaison)).assigneeId === liaison.id, { timeoutMs: 20_000, what: 'the request to reach the liaison' });

    const { context, page } = await signedIn(browser, stack, liaison);
    // The number tells this run's request from those earlier runs left in the e2e database.
    const { number } = await requestAs(liaison);
    const row = page.getByTestId('queue').locator('tr', { hasText: number });
    await row.waitFor();
    expect(await row.textContent()).toContain('54 台可燃气体报警器需要检定');
    expect(await row.locator('.countdown').textContent()).toMatch(/剩余|超时/);
    await shot(page, 'loop-02-liaison-queue');
    await row.getByRole('link').click();
    await page.waitForURL(/\/work\/requests\//);
    await page.getByTestId('actions').getByRole('button', { name: '响应' }).click();
    await page.getByTestId('panel-respond').locator('textarea').fill('已收到，今天下午联系贵公司安排检定。');
    await page.getByTestId('panel-respond').locator('button.primary').click();
    await page.getByTestId('request-state').filter({ hasText: '已响应' }).waitFor();
    await page.getByTestId('actions').getByRole('button', { name: '办结' }).click();
    const resolve = page.getByTestId('panel-resolve');
    await resolve.locator('select[name=kind]').selectOption('on_site_verification');
    await resolve.locator('textarea').fill('现场检定 54 台报警器，全部合格，已出具证书。');
    await resolve.locator('button.primary').click();
    await page.getByTestId('request-state').filter({ hasText: '已办结' }).waitFor();
    await shot(page, 'loop-03-liaison-resolved');
    await context.close();
  });

  it('4. the enterprise rates the return visit satisfied, which closes the request', async () => {
    const { context, page } = await signedIn(browser, stack, enterprise, { path: `/portal/requests/${requestId}` });
    const form = page.getByTestId('rate-form');
    await form.getByRole('radio').nth(4).click();
    await form.locator('input[name=satisfied]').first().check();
    await form.locator('button.primary').click();
    await page.getByTestId('request-state').filter({ hasText: '已关闭' }).waitFor();
    await shot(page, 'loop-04-enterprise-rated');
    await context.close();
    expect((await requestAs(enterprise)).state).toBe('closed');
  });

  it('5. the manager dashboard shows the new figures', async () => {
    const after = await waitFor(
      async () => {
        const f = await figures(manager);
        return (f.problemsSolved ?? 0) >= (before.problemsSolved ?? 0) + 1 && f.satisfactionRate !== null ? f : undefined;
      },
      { timeoutMs: 20_000, what: 'reporting to count the solved problem' },
    );
    const { context, page } = await signedIn(browser, stack, manager);
    const kpis = page.getByTestId('kpis');
    await kpis.waitFor();
    const text = (await kpis.textContent()) ?? '';
    expect(text).toContain(`${after.problemsSolved}解决问题`);
    expect(text).toContain(`${after.enterprisesServed}服务企业`);
    expect(await page.getByTestId('rates-by-city').textContent()).toContain('葫芦岛');
    await page.getByTestId('narrative').waitFor();
    await shot(page, 'loop-05-manager-dashboard');
    await context.close();
  });

  it('6. a liaison of another city cannot open the request', async () => {
    const { context, page } = await signedIn(browser, stack, otherLiaison, { path: `/work/requests/${requestId}` });
    await page.getByRole('alert').filter({ hasText: '找不到该内容，或您无权查看' }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain('54 台可燃气体报警器');
    await shot(page, 'loop-06-other-city-denied');
    await context.close();
    const asOther = await apiAs(stack, otherLiaison);
    expect((await asOther('GET', `/requests/requests/${requestId}`)).status).toBe(404);
  });

  it('7. every screen of the loop fits a phone-width screen', async () => {
    const wide = await tooWideOnPhone(browser, stack, [
      { user: enterprise, path: `/portal/requests/${requestId}`, name: 'loop-07-phone-enterprise-request' },
      { user: enterprise, path: '/portal/new', name: 'loop-08-phone-enterprise-new' },
      { user: liaison, path: '/work', name: 'loop-09-phone-liaison-queue' },
      { user: liaison, path: `/work/requests/${requestId}`, name: 'loop-10-phone-liaison-request' },
      { user: manager, path: '/dashboard', name: 'loop-11-phone-dashboard' },
    ]);
    expect(wide).toEqual([]);
  });
});
