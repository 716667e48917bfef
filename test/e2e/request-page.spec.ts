/**
 * The request page's files, through the console behind the real gateway, in zh-CN:
 *
 *   1. an enterprise files a request with two attachments (a PDF and an image) in one filing
 *      and sees the confirmation, its priority, preferred time, instruments and address, an
 *      image thumbnail, and the timeline naming it;
 *   2. a liaison of the city opens the PDF (a new tab) and attaches a report; the timeline
 *      names them "王芳（联络员）";
 *   3. the enterprise opens and downloads the liaison's report;
 *   4. the liaison files a request on behalf of the enterprise, picking it by name as they type;
 *   5. both request pages at phone width.
 * Screenshots go to screenshots/ (request-page-*).
 */
import type { Browser, Page } from 'playwright-core';
import { randomInt } from 'node:crypto';
import { uniq } from '@metrodesk/testkit';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { apiAs, fileWhenKnown, makeUser, startStack, type Stack, type TestUser } from './stack';
import { PHONE, arriveOrFail, launch, newPage, overflowX, shot, signIn } from './browser';

// Chaoyang: a city few other tests use.
const CITY = '211300';

let stack: Stack;
let browser: Browser;
let liaison: TestUser, enterprise: TestUser;
let enterpriseName: string;
let requestId: string;

const randomUscc = () => makeUscc('9', '1', '211302', Array.from({ length: 8 }, () => USCC_ALPHABET[randomInt(USCC_ALPHABET.length)]).join(''));
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj<<>>endobj\n% ${text}\ntrailer<<>>\n%%EOF\n`);
// A 1×1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Clicks a file's link and returns the tab it opened, once it shows the file. */
async function openedTab(page: Page, name: string): Promise<Page> {
  const [tab] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('attachments').getByRole('button', { name: `打开 ${name}` }).click()]);
  await tab.waitForURL(/^blob:/);
  return tab;
}

beforeAll(async () => {
  stack = await startStack(['accounts', 'assignment', 'requests']);
  browser = await launch();
  liaison = await makeUser(stack, 'liaison', { cityCode: CITY, name: '王芳' });
  const call = await apiAs(stack, liaison);
  enterpriseName = `朝阳压力表厂 ${uniq('e')}`;
  const e = await call<{ id: string }>('POST', '/accounts/enterprises', { uscc: randomUscc(), name: enterpriseName, cityCode: CITY, address: '朝阳市双塔区燕都大街 1 号' });
  expect(e.status).toBe(201);
  enterprise = await makeUser(stack, 'enterprise', { enterpriseId: e.body.id, name: '张伟' });
  // The console's filing needs requests to know the enterprise: an earlier request makes sure.
  await fileWhenKnown(stack, enterprise, liaison, e.body.id, { category: 'other', title: '计量法规咨询', description: '先问一个问题。' }, `page-${e.body.id}`);
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('files on the request page', () => {
  it('1. the enterprise files with two attachments and sees what it asked for', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, stack, enterprise, /\/portal$/);
    await page.goto(`${stack.baseUrl}/portal/new`);
    await page.locator('select[name=category]').selectOption('verification_calibration');
    await page.locator('select[name=priority]').selectOption('urgent');
    await page.locator('input[name=title]').fill('压力表 30 块送检');
    await page.locator('textarea[name=description]').fill('锅炉房压力表到期，需要检定。');
    await page.getByRole('button', { name: /添加器具/ }).click();
    await page.getByLabel('器具类别', { exact: true }).fill('压力表');
    await page.getByLabel('数量', { exact: true }).fill('30');
    await page.locator('input[name=siteAddress]').fill('朝阳市双塔区燕都大街 1 号锅炉房');
    await page.locator('input[name=preferredTime]').fill('工作日上午');
    await page.locator('input[name=attachments]').setInputFiles([
      { name: '压力表清单.pdf', mimeType: 'application/pdf', buffer: pdf('list') },
      { name: '铭牌照片.png', mimeType: 'image/png', buffer: png },
    ]);
    await page.locator('button[type=submit]').click();
    await arriveOrFail(page, /\/portal\/requests\/[^/?]+/);
    requestId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('status').filter({ hasText: '诉求已提交' }).waitFor();
    expect(await page.getByTestId('request-priority').textContent()).toBe('紧急');
    expect(await page.getByTestId('preferred-time').textContent()).toBe('工作日上午');
    expect(await page.getByTestId('request-instruments').textContent()).toBe('压力表 × 30');
    expect(await page.getByTestId('request-address').textContent()).toBe('朝阳市双塔区燕都大街 1 号锅炉房');
    const files = page.getByTestId('attachments');
    await files.getByRole('button', { name: '打开 压力表清单.pdf' }).waitFor();
    await files.getByRole('button', { name: '打开 铭牌照片.png' }).waitFor();
    // The thumbnail is the image itself, fetched with the token, and it shows (the page's content policy allows it).
    const thumb = files.locator('img.thumb');
    await thumb.waitFor();
    await page.waitForFunction((img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0, await thumb.elementHandle());
    const timeline = (await page.getByTestId('timeline').textContent()) ?? '';
    expect(timeline).toContain('张伟（企业用户）');
    expect(timeline).toContain('压力表清单.pdf');
    await shot(page, 'request-page-01-enterprise-filed');
    await context.close();
  });

  it('2. a liaison of the city opens the PDF in a new tab and attaches a report', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, stack, liaison, /\/work$/);
    await page.goto(`${stack.baseUrl}/work/requests/${requestId}`);
    const tab = await openedTab(page, '压力表清单.pdf');
    await tab.close();
    await page.getByTestId('add-files').locator('input[type=file]').setInputFiles({ name: '检定报告.pdf', mimeType: 'application/pdf', buffer: pdf('report') });
    await page.getByTestId('add-files').getByRole('button', { name: '上传' }).click();
    await page.getByTestId('attachments').getByRole('button', { name: '打开 检定报告.pdf' }).waitFor();
    await page.getByTestId('timeline').filter({ hasText: '王芳（联络员）上传附件' }).waitFor();
    const shown = `${await page.getByTestId('attachments').textContent()} ${await page.getByTestId('timeline').textContent()}`;
    expect(shown).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await shot(page, 'request-page-02-liaison-attached');
    await context.close();
  });

  it('3. the enterprise opens and downloads the liaison report', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, stack, enterprise, /\/portal$/);
    await page.goto(`${stack.baseUrl}/portal/requests/${requestId}`);
    const tab = await openedTab(page, '检定报告.pdf');
    await tab.waitForLoadState();
    await shot(tab, 'request-page-03b-enterprise-pdf-tab');
    await tab.close();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 检定报告.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('检定报告.pdf');
    expect((await page.getByTestId('attachments').textContent()) ?? '').toContain('王芳（联络员）');
    await shot(page, 'request-page-03-enterprise-opens-report');
    await context.close();
  });

  it('4. the liaison files on behalf of the enterprise, picked by name as they type', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, stack, liaison, /\/work$/);
    await page.goto(`${stack.baseUrl}/work/new`);
    await page.getByLabel('企业（名称或统一社会信用代码）').fill(enterpriseName.slice(-8));
    await page.getByTestId('enterprise-results').getByRole('button', { name: new RegExp(enterpriseName) }).click();
    await page.getByTestId('picked-enterprise').filter({ hasText: enterpriseName }).waitFor();
    await page.locator('input[name=title]').fill('电话受理：燃气报警器失灵');
    await page.locator('textarea[name=description]').fill('企业来电，车间燃气报警器不报警。');
    await shot(page, 'request-page-04-liaison-on-behalf-form');
    await page.locator('button[type=submit]').click();
    await arriveOrFail(page, /\/work\/requests\/[^/?]+/);
    expect(await page.getByTestId('request-channel').textContent()).toBe('工作人员代企业提交 · 王芳（联络员）');
    await shot(page, 'request-page-05-liaison-on-behalf-filed');
    await context.close();
  });

  it('5. both request pages fit a phone-width screen', async () => {
    const screens: [TestUser, RegExp, string, string][] = [
      [enterprise, /\/portal$/, `/portal/requests/${requestId}`, 'request-page-06-phone-enterprise'],
      [liaison, /\/work$/, `/work/requests/${requestId}`, 'request-page-07-phone-liaison'],
    ];
    const wide: string[] = [];
    for (const [user, home, path, name] of screens) {
      const { context, page } = await newPage(browser, PHONE);
      await signIn(page, stack, user, home);
      await page.goto(`${stack.baseUrl}${path}`);
      await page.getByTestId('attachments').waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, name);
      const over = await overflowX(page);
      if (over > 0) wide.push(`${path}: ${over}px too wide`);
      await context.close();
    }
    expect(wide).toEqual([]);
  });
});
