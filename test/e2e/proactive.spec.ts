/**
 * The proactive loop (未诉先办) through the console, behind the real gateway:
 *
 *   1. an enterprise registers two instruments in its console, one overdue and one due soon;
 *   2. the due scan runs (the admin's "run now"), and the bureau's proactive request appears
 *      for the enterprise with its number, the instruments listed in words;
 *   3. a liaison of the city proposes a visit day;
 *   4. the enterprise accepts it and declines one instrument as verified elsewhere, with its
 *      certificate, after confirming;
 *   5. the liaison resolves the request and names the other instrument verified, with its
 *      certificate; the request now holds both results.
 *
 * e2e databases persist between runs: the enterprise, its serial numbers and the request's
 * number are this run's own.
 */
import type { Browser, Page } from 'playwright-core';
import { randomInt } from 'node:crypto';
import { uniq, waitFor } from '@metrodesk/testkit';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { apiAs, fileWhenKnown, makeUser, startStack, type Stack, type TestUser } from './stack';
import { PHONE, arriveOrFail, launch, newPage, overflowX, shot, signIn } from './browser';

// Tieling: a city no other browser test uses, so its queue stays readable.
const CITY = '211200';

let stack: Stack;
let browser: Browser;
let liaison: TestUser, manager: TestUser, admin: TestUser, enterprise: TestUser;
let enterpriseId: string;
let requestId: string;
let number: string;

const randomUscc = () => makeUscc('9', '1', '211202', Array.from({ length: 8 }, () => USCC_ALPHABET[randomInt(USCC_ALPHABET.length)]).join(''));
const bureauDay = (d = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
const today = () => bureauDay();
/** A day `months` months and `days` days from today (negative: before). */
function shifted(months: number, days: number): string {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const proposedDay = shifted(0, 7);
const gauge = { serialNo: `YL-${uniq('g').slice(-8).toUpperCase()}`, lastVerifiedOn: shifted(-12, -5) };
const alarm = { serialNo: `BJ-${uniq('a').slice(-8).toUpperCase()}`, lastVerifiedOn: shifted(-12, 10) };

interface DueRow {
  instrumentId: string;
  serialNo: string;
  result: { outcome: string; certificateNo: string } | null;
}
async function requestAs(user: TestUser) {
  const call = await apiAs(stack, user);
  return (await call<{ state: string; version: number; assigneeId: string | null; preferredDate: string | null; dueInstruments: DueRow[] }>('GET', `/requests/requests/${requestId}`)).body;
}
const row = (page: Page, serialNo: string) => page.getByTestId('due-instruments').locator(`tr[data-serial="${serialNo}"]`);

beforeAll(async () => {
  stack = await startStack(['accounts', 'assignment', 'sla', 'requests']);
  browser = await launch();
  liaison = await makeUser(stack, 'liaison', { cityCode: CITY, name: '铁岭联络员' });
  manager = await makeUser(stack, 'city_manager', { cityCode: CITY, name: '铁岭市局' });
  admin = await makeUser(stack, 'admin', { name: '系统管理员' });
  const call = await apiAs(stack, liaison);
  const e = await call<{ id: string }>('POST', '/accounts/enterprises', { uscc: randomUscc(), name: `铁岭热电 ${uniq('e').slice(-6)}`, cityCode: CITY });
  expect(e.status).toBe(201);
  enterpriseId = e.body.id;
  enterprise = await makeUser(stack, 'enterprise', { enterpriseId, name: '热电计量员' });
  // Requests' consumer of accounts' topics must be listening before the due event is sent.
  await fileWhenKnown(stack, enterprise, liaison, enterpriseId, { category: 'other', title: '计量法规咨询', description: '先问一个问题。' }, `proactive-${enterpriseId}`);
  const asManager = await apiAs(stack, manager);
  const roster = await asManager('POST', '/assignment/liaisons', { userId: liaison.id, name: liaison.name, cityCode: CITY, categories: ['verification_calibration'], capacity: 50 });
  expect([201, 409]).toContain(roster.status);
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the proactive loop in the console', () => {
  it('1. the enterprise registers its instruments', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, stack, enterprise, /\/portal$/);
    await page.goto(`${stack.baseUrl}/portal/instruments`);
    const form = page.getByTestId('add-instrument');
    for (const [cls, use, i] of [['pressure_gauge', 'safety', gauge], ['gas_alarm', 'safety', alarm]] as const) {
      await form.locator('select[name=instrumentClass]').selectOption(cls);
      await form.locator('input[name=serialNo]').fill(i.serialNo);
      await form.locator('input[name=location]').fill('锅炉房');
      await form.locator('select[name=use]').selectOption(use);
      await form.locator('input[name=cycleMonths]').fill('12');
      await form.locator('input[name=lastVerifiedOn]').fill(i.lastVerifiedOn);
      await form.locator('button.primary').click();
      await page.getByTestId('my-instruments').getByText(i.serialNo).waitFor();
    }
    await shot(page, 'proactive-01-enterprise-instruments');
    await context.close();
  });

  it('2. the due scan opens one proactive request, which the enterprise finds by its number', async () => {
    const asAdmin = await apiAs(stack, admin);
    const scan = await asAdmin('POST', '/accounts/admin/instruments/due-scan', {});
    expect(scan.status).toBe(200);
    const asEnterprise = await apiAs(stack, enterprise);
    const found = await waitFor(
      async () => {
        const page = await asEnterprise<{ items: { id: string; number: string; source: string }[] }>('GET', `/requests/requests?enterpriseId=${enterpriseId}`);
        return page.body.items.find((r) => r.source === 'proactive');
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: 'the proactive request' },
    );
    requestId = found.id;
    number = found.number;

    const { context, page } = await newPage(browser);
    await signIn(page, stack, enterprise, /\/portal$/);
    await page.getByTestId('my-requests').locator('li', { hasText: number }).getByRole('link').click();
    await arriveOrFail(page, /\/portal\/requests\/[^/]+$/);
    await row(page, gauge.serialNo).waitFor();
    expect(await row(page, gauge.serialNo).textContent()).toMatch(/压力表.*已逾期/);
    expect(await row(page, alarm.serialNo).textContent()).toContain('燃气报警器');
    expect(await row(page, alarm.serialNo).textContent()).not.toContain('已逾期');
    await shot(page, 'proactive-02-enterprise-request');
    await context.close();
  });

  it('3. a liaison of the city proposes a visit day', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, stack, liaison, /\/work$/);
    await page.goto(`${stack.baseUrl}/work/requests/${requestId}`);
    const form = page.getByTestId('propose-form');
    await form.locator('input[name=proposedDate]').fill(proposedDay);
    await form.locator('button.primary').click();
    await page.getByTestId('proposal-state').filter({ hasText: '等待企业确认' }).waitFor();
    await shot(page, 'proactive-03-liaison-proposed');
    await context.close();
  });

  it('4. the enterprise accepts the day and declines one instrument as verified elsewhere', async () => {
    for (const viewport of [undefined, PHONE]) {
      const { context, page } = await newPage(browser, viewport);
      await signIn(page, stack, enterprise, /\/portal$/);
      await page.goto(`${stack.baseUrl}/portal/requests/${requestId}`);
      if (!viewport) {
        await page.getByTestId('accept-visit').click();
        await page.getByText('已同意于').waitFor();
        const tick = row(page, alarm.serialNo).getByRole('checkbox');
        await tick.check();
        await row(page, alarm.serialNo).locator(`input[name="certificateNo-${alarm.serialNo}"]`).fill('TLJ-2026-0815');
        await page.getByTestId('decline').click();
        // The open dialog only (the withdraw button has one of its own, closed).
        const dialog = page.getByRole('dialog', { name: '确认已在他处检定' });
        await dialog.getByText(alarm.serialNo).waitFor();
        await shot(page, 'proactive-04-enterprise-decline-confirm');
        await dialog.getByRole('button', { name: '确认提交' }).click();
        await row(page, alarm.serialNo).filter({ hasText: '已在他处检定' }).filter({ hasText: 'TLJ-2026-0815' }).waitFor();
      } else {
        await row(page, alarm.serialNo).filter({ hasText: '已在他处检定' }).waitFor();
      }
      expect(await page.locator('main').textContent()).not.toMatch(/verified_elsewhere|pressure_gauge|gas_alarm/);
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
      await shot(page, `proactive-05-enterprise-answered-${viewport ? 'phone' : 'desktop'}`);
      await context.close();
    }
    const r = await requestAs(enterprise);
    expect(r.preferredDate).toBe(proposedDay);
    expect(r.state).not.toBe('resolved');
    expect(r.dueInstruments.find((i) => i.serialNo === alarm.serialNo)?.result).toMatchObject({ outcome: 'verified_elsewhere', certificateNo: 'TLJ-2026-0815' });
  });

  it('5. the liaison resolves the request and names the other instrument verified', async () => {
    const asManager = await apiAs(stack, manager);
    await waitFor(
      async () => {
        const current = await asManager<{ version: number; assigneeId: string | null }>('GET', `/requests/requests/${requestId}`);
        if (current.body.assigneeId === liaison.id) return true;
        const res = await asManager('POST', `/requests/requests/${requestId}/assign`, { version: current.body.version, assigneeId: liaison.id });
        return res.status === 200;
      },
      { timeoutMs: 20_000, intervalMs: 500, what: 'the manager to assign the request to the liaison' },
    );
    const { context, page } = await newPage(browser);
    await signIn(page, stack, liaison, /\/work$/);
    await page.goto(`${stack.baseUrl}/work/requests/${requestId}`);
    await page.getByTestId('proposal-state').filter({ hasText: '企业已同意' }).waitFor();
    await page.getByTestId('actions').getByRole('button', { name: '响应' }).click();
    await page.getByTestId('panel-respond').locator('textarea').fill('已与企业确认上门检定日期。');
    await page.getByTestId('panel-respond').locator('button.primary').click();
    await page.getByTestId('request-state').filter({ hasText: '已响应' }).waitFor();
    await page.getByTestId('actions').getByRole('button', { name: '办结' }).click();
    const resolve = page.getByTestId('panel-resolve');
    await resolve.locator('select[name=kind]').selectOption('on_site_verification');
    await resolve.locator('textarea').fill('上门检定压力表 1 台，合格。');
    await resolve.locator('button.primary').click();
    await page.getByTestId('request-state').filter({ hasText: '已办结' }).waitFor();

    await row(page, gauge.serialNo).getByRole('checkbox').check();
    await row(page, gauge.serialNo).locator(`input[name="certificateNo-${gauge.serialNo}"]`).fill('TLJ-2026-0901');
    await page.getByTestId('save-verified').click();
    await row(page, gauge.serialNo).filter({ hasText: '已检定' }).filter({ hasText: 'TLJ-2026-0901' }).waitFor();
    await shot(page, 'proactive-06-liaison-verified');
    await context.close();

    const r = await requestAs(liaison);
    expect(r.state).toBe('resolved');
    expect(Object.fromEntries(r.dueInstruments.map((i) => [i.serialNo, i.result?.outcome]))).toEqual({ [gauge.serialNo]: 'verified', [alarm.serialNo]: 'verified_elsewhere' });
  });
});
