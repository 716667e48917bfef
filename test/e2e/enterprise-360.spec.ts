/**
 * The enterprise 360 view's actions, in zh-CN, for a liaison at desktop width and a city manager
 * at phone width:
 *
 *   1. add a contact;
 *   2. "记录走访": the outreach form opens with the enterprise already picked by name; the visit
 *      is logged and listed under the enterprise's name;
 *   3. "代企业提交诉求": the filing form opens with the enterprise picked; the request is filed
 *      and gets its number;
 * and the 360 view shows no code, no id and no "版本 1". Screenshots: screenshots/ent360-*.
 */
import type { Browser, Page } from 'playwright-core';
import { randomInt } from 'node:crypto';
import { uniq } from '@metrodesk/testkit';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { apiAs, fileWhenKnown, makeUser, startStack, type Stack, type TestUser } from './stack';
import { LAPTOP, PHONE, arriveOrFail, launch, newPage, overflowX, shot, signIn, words } from './browser';

// Fuxin: a city few other tests use.
const CITY = '210900';

let stack: Stack;
let browser: Browser;
let liaison: TestUser, manager: TestUser;
let enterpriseId: string, enterpriseName: string;

const randomUscc = () => makeUscc('9', '1', '210902', Array.from({ length: 8 }, () => USCC_ALPHABET[randomInt(USCC_ALPHABET.length)]).join(''));

beforeAll(async () => {
  stack = await startStack(['accounts', 'assignment', 'requests', 'training', 'qualifications', 'reporting']);
  browser = await launch();
  liaison = await makeUser(stack, 'liaison', { cityCode: CITY, name: '阜新联络员' });
  manager = await makeUser(stack, 'city_manager', { cityCode: CITY, name: '阜新市局' });
  enterpriseName = `阜新液压件厂 ${uniq('e')}`;
  const e = await (await apiAs(stack, liaison))<{ id: string }>('POST', '/accounts/enterprises', { uscc: randomUscc(), name: enterpriseName, cityCode: CITY, address: '阜新市海州区中华路 8 号' });
  expect(e.status).toBe(201);
  enterpriseId = e.body.id;
  const owner = await makeUser(stack, 'enterprise', { enterpriseId, name: '液压件厂计量员' });
  // Filing on behalf needs requests to know the enterprise: an earlier request makes sure.
  await fileWhenKnown(stack, owner, liaison, enterpriseId, { category: 'other', title: '计量法规咨询', description: '先问一个问题。' }, `ent360-${enterpriseId}`);
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function open360(page: Page) {
  await page.goto(`${stack.baseUrl}/enterprises/${enterpriseId}`);
  await page.getByTestId('profile').waitFor();
  await page.getByTestId('ent-actions').waitFor();
}

async function walk(user: TestUser, who: 'liaison' | 'manager', width: typeof LAPTOP) {
  const tag = `ent360-${who}-${width === PHONE ? 'phone' : 'desktop'}`;
  const { context, page } = await newPage(browser, width);
  await signIn(page, stack, user, /\/(work|dashboard)$/);
  await open360(page);

  // 1. A contact, added on the 360 view itself.
  const contact = `联系人${uniq('c').slice(-6)}`;
  const form = page.getByTestId('add-contact');
  await form.getByLabel('姓名').fill(contact);
  await form.getByLabel('职务').fill('设备科科长');
  await form.getByLabel('电话').fill('0418-2345678');
  await form.getByRole('button', { name: '添加联系人' }).click();
  await page.getByText(contact, { exact: true }).waitFor();
  expect(await words(page)).toEqual([]);
  expect(await page.locator('main').textContent()).not.toMatch(/版本\s*\d/);
  if (width === PHONE) expect(await overflowX(page)).toBeLessThanOrEqual(0);
  await shot(page, `${tag}-1-view`);

  // 2. A visit, the enterprise already picked by name.
  await page.getByTestId('ent-actions').getByRole('link', { name: '记录走访' }).click();
  await page.waitForURL(/\/outreach\?enterprise=/);
  await page.getByTestId('picked-enterprise').filter({ hasText: enterpriseName }).waitFor();
  const notes = `走访 ${uniq('v')}`;
  await page.locator('textarea[name=notes]').fill(notes);
  await shot(page, `${tag}-2-visit-form`);
  await page.getByRole('button', { name: '记录走访', exact: true }).click();
  const row = page.getByTestId('outreach-list').locator('tr').filter({ hasText: notes });
  await row.waitFor();
  await row.getByRole('link', { name: enterpriseName }).waitFor();
  expect(await words(page)).toEqual([]);
  await shot(page, `${tag}-3-visit-listed`);

  // 3. A request filed on the enterprise's behalf, the enterprise already picked.
  await open360(page);
  await page.getByTestId('ent-actions').getByRole('link', { name: '代企业提交' }).click();
  await page.waitForURL(/\/work\/new\?enterprise=/);
  await page.getByTestId('picked-enterprise').filter({ hasText: enterpriseName }).waitFor();
  await page.locator('input[name=title]').fill(`电话受理：液压表检定（${who === 'liaison' ? '联络员' : '市局'}）`);
  await page.locator('textarea[name=description]').fill('企业来电，液压表年检到期。');
  await shot(page, `${tag}-4-on-behalf-form`);
  await page.locator('button[type=submit]').click();
  await arriveOrFail(page, /\/work\/requests\/[^/?]+\?filed=1$/);
  const number = (await page.getByTestId('request-number').textContent())!.trim();
  expect(number).toMatch(new RegExp(`^${CITY}-\\d{4}-\\d{6}$`));
  expect(await words(page)).toEqual([]);
  await shot(page, `${tag}-5-filed`);
  await context.close();
}

describe('the enterprise 360 view acts', () => {
  it('for a liaison at desktop width: adds a contact, logs a visit and files on behalf', async () => {
    await walk(liaison, 'liaison', LAPTOP);
  });

  it('for a city manager at phone width: the same three actions', async () => {
    await walk(manager, 'manager', PHONE);
  });
});
