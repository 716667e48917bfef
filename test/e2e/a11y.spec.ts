/**
 * Every screen of each role, in zh-CN and en at laptop width and in zh-CN at phone width:
 *
 *   - axe-core finds no serious or critical violation;
 *   - one h1, a document title of its own, a skip link to the main content;
 *   - no text shown is a snake_case code or a UUID (ids never reach the user);
 *   - at phone width every button, link and form control is at least 44 px tall and wide.
 *
 * Screenshots of every screen land in screenshots/a11y-<role>-<lang>-<width>-<screen>.png.
 * The manager dashboard is also checked for its figures: the cards and the tables of a city
 * and of the province tell the same totals.
 */
import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { uniq } from '@metrodesk/testkit';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { apiAs, fileWhenKnown, makeUser, startStack, type Stack, type TestUser } from './stack';
import { HOME, LAPTOP, PHONE, launch, newPage, shot, signIn, words } from './browser';

// Chaoyang: a city the other specs leave alone.
const CITY = '211300';
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');


let stack: Stack;
let browser: Browser;
let enterprise: TestUser, liaison: TestUser, cityManager: TestUser, provinceManager: TestUser, admin: TestUser;
let enterpriseId: string;
let requestId: string;

const randomUscc = () => makeUscc('9', '1', '211302', Array.from({ length: 8 }, () => USCC_ALPHABET[randomInt(USCC_ALPHABET.length)]).join(''));

beforeAll(async () => {
  stack = await startStack(['accounts', 'requests', 'assignment', 'sla', 'reporting', 'training', 'qualifications', 'programmes', 'notifications'], { label: 'a11y' });
  browser = await launch();
  liaison = await makeUser(stack, 'liaison', { cityCode: CITY, name: '朝阳联络员' });
  cityManager = await makeUser(stack, 'city_manager', { cityCode: CITY, name: '朝阳市局' });
  provinceManager = await makeUser(stack, 'province_manager', { name: '省局科长' });
  admin = await makeUser(stack, 'admin', { name: '系统管理员' });
  const asLiaison = await apiAs(stack, liaison);
  const e = await asLiaison<{ id: string }>('POST', '/accounts/enterprises', { uscc: randomUscc(), name: `朝阳阀门厂 ${uniq('e').slice(-6)}`, cityCode: CITY });
  expect(e.status).toBe(201);
  enterpriseId = e.body.id;
  enterprise = await makeUser(stack, 'enterprise', { enterpriseId, name: '阀门厂计量员' });
  const filed = await fileWhenKnown(stack, enterprise, liaison, enterpriseId, { category: 'verification_calibration', title: '压力表检定', description: '20 块压力表需要检定。' }, `a11y-${enterpriseId}`);
  requestId = filed.id;
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

interface Found {
  screen: string;
  problems: string[];
}

/** A page with axe-core in it from the start (an init script is not subject to the console's CSP, an added script tag is). */
async function axePage(viewport: typeof LAPTOP, lang: 'zh-CN' | 'en') {
  const { context, page } = await newPage(browser, viewport);
  await context.addInitScript({ content: AXE });
  await context.addInitScript((l) => localStorage.setItem('metrodesk.lang', l), lang);
  return { context, page };
}

/**
 * Waits for the screen to settle: its heading shown and nothing left "loading". Not
 * networkidle: the notification stream stays open for as long as the page is.
 */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').waitFor();
  await page.waitForFunction(() => !/加载中|Loading…/.test(document.querySelector('main')?.textContent ?? ''), undefined, { timeout: 15_000 }).catch(() => undefined);
  await page.waitForTimeout(300);
}

async function axe(page: Page): Promise<string[]> {
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `axe ${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}


async function structure(page: Page): Promise<string[]> {
  const problems: string[] = [];
  const h1 = await page.locator('h1').count();
  if (h1 !== 1) problems.push(`${h1} h1 headings`);
  if ((await page.locator('a.skip-link[href="#main"]').count()) !== 1) problems.push('no skip link to #main');
  return problems;
}

/** Controls smaller than 44×44 CSS px at phone width (hidden ones and text inside a paragraph aside). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('button, a[href], input:not([type=hidden]), select, textarea, [role=radio], [role=button]'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (el.closest('.sr-only')) continue;
      if (el.matches('a.skip-link')) continue;
      // A control inside a label that is the target (a checkbox with its words) counts by the label.
      const box = el.matches('input[type=checkbox], input[type=radio]') && el.closest('label') ? el.closest('label')!.getBoundingClientRect() : r;
      if (box.width < 44 || box.height < 44) out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || el.getAttribute('name') || '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return out.slice(0, 8);
  });
}


/** Every screen of the user: the menu's, plus the detail screens reached from lists. */
async function screensOf(page: Page, user: TestUser): Promise<string[]> {
  const menu = await page.locator('#nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  const details = user.role === 'enterprise' ? [`/portal/requests/${requestId}`] : [`/work/requests/${requestId}`, `/enterprises/${enterpriseId}`];
  return [...menu, ...details];
}

async function walk(user: TestUser, lang: 'zh-CN' | 'en', viewport: typeof LAPTOP): Promise<Found[]> {
  const { context, page } = await axePage(viewport, lang);
  const width = viewport === PHONE ? 'phone' : 'laptop';
  const found: Found[] = [];
  const titles = new Map<string, string>();
  await signIn(page, stack, user, HOME[user.role]);
  for (const path of await screensOf(page, user)) {
    await page.goto(`${stack.baseUrl}${path}`);
    await settled(page);
    const name = `a11y-${user.role}-${lang}-${width}${path.replace(/\/[0-9a-f-]{36}/g, '-detail').replace(/\//g, '-')}`;
    await shot(page, name);
    const problems = [...(await axe(page)), ...(await structure(page)), ...(await words(page))];
    if (viewport === PHONE) problems.push(...(await smallTargets(page)).map((s) => `small tap target ${s}`));
    const title = await page.title();
    const same = [...titles.entries()].find(([, t]) => t === title);
    if (same) problems.push(`document title "${title}" is also ${same[0]}'s`);
    titles.set(path, title);
    if (problems.length) found.push({ screen: `${user.role} ${lang} ${width} ${path}`, problems });
  }
  await context.close();
  return found;
}

describe('accessibility and words on every screen', () => {
  it('the sign-in screen passes axe in both languages', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const { context, page } = await axePage(LAPTOP, lang);
      await page.goto(`${stack.baseUrl}/login`);
      await page.locator('h1').waitFor();
      await shot(page, `a11y-login-${lang}`);
      expect([...(await axe(page)), ...(await words(page))]).toEqual([]);
      expect(await page.title()).toContain(lang === 'en' ? 'Sign in' : '登录');
      await context.close();
    }
  });

  for (const role of ['enterprise', 'liaison', 'city_manager', 'province_manager', 'admin'] as const) {
    it(`every screen of the ${role}: axe, headings, titles, words (zh-CN and en, laptop and phone)`, async () => {
      const user = { enterprise, liaison, city_manager: cityManager, province_manager: provinceManager, admin }[role];
      const found = [...(await walk(user, 'zh-CN', LAPTOP)), ...(await walk(user, 'en', LAPTOP)), ...(await walk(user, 'zh-CN', PHONE))];
      expect(found).toEqual([]);
    });
  }

  it('the dashboard cards agree with its tables, for a city and for the province', async () => {
    for (const [user, scope] of [
      [cityManager, 'city'],
      [provinceManager, 'province'],
    ] as const) {
      const { context, page } = await newPage(browser);
      await signIn(page, stack, user, /\/dashboard$/);
      const table = page.getByTestId('rates-by-city');
      await table.waitFor();
      await page.getByTestId('kpis').waitFor();
      const kpi = async (label: string) => Number((await page.getByTestId('kpis').locator('.kpi', { hasText: label }).locator('.kpi-value').textContent())!.replace(/[^\d]/g, ''));
      const column = async (testId: string, col: string) =>
        (await page.getByTestId(testId).locator(`tbody td[data-label="${col}"]`).allTextContents()).reduce((a, s) => a + Number(s.replace(/[^\d]/g, '') || 0), 0);
      expect(await column('rates-by-city', '服务企业')).toBe(await kpi('服务企业'));
      expect(await column('rates-by-city', '解决问题')).toBe(await kpi('解决问题'));
      if (scope === 'city') expect(await table.locator('tbody tr').count()).toBe(1);
      else expect(await table.locator('tbody tr').count()).toBeGreaterThan(1);
      expect(await page.getByRole('alert').count()).toBe(0);
      await shot(page, `a11y-dashboard-agree-${scope}`);
      await context.close();
    }
  });

  it('the dashboard refuses a reversed date range in the picker, and shows errors in words with the request id folded away', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, stack, cityManager, /\/dashboard$/);
    const from = page.getByLabel('开始日期');
    const to = page.getByLabel('结束日期');
    await from.fill('2026-06-01');
    expect(await to.getAttribute('min')).toBe('2026-06-01');
    expect(await from.getAttribute('max')).toBe(await to.inputValue());
    await page.getByTestId('kpis').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await context.close();
  });
});
