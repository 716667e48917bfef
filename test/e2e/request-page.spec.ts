/**
 * The request page's files, through the console behind the real gateway, in zh-CN:
 *
 *   1. an enterprise files a request with two attachments (a PDF and an image) in one filing
 *      and sees the confirmation, its priority, preferred time, instruments and address, an
 *      image thumbnail, and the timeline naming it;
 *   2. a liaison of the city opens the PDF (a new tab, handed the file inline under its name)
 *      and attaches a report; the timeline names them "王芳（联络员）";
 *   3. the enterprise opens and downloads the liaison's report (handed as an attachment);
 *   4. the liaison files a request on behalf of the enterprise, picking it by name as they type;
 *   5. both request pages at phone width.
 * Screenshots go to screenshots/ (request-page-*).
 */
import type { Browser } from 'playwright-core';
import { uniq } from '@metrodesk/testkit';
import { makeUser, startStack, type Stack, type TestUser } from './stack';
import { arriveOrFail, dispositionOf, downloaded, enterpriseThatFiles, launch, openedTab, shot, signedIn, tooWideOnPhone } from './browser';

// Chaoyang: a city few other tests use.
const CITY = '211300';

let stack: Stack;
let browser: Browser;
let liaison: TestUser, enterprise: TestUser;
let enterpriseName: string;
let requestId: string;

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj<<>>endobj\n% ${text}\ntrailer<<>>\n%%EOF\n`);
// A 1×1 PNG.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  stack = await startStack(['accounts', 'assignment', 'requests']);
  browser = await launch();
  liaison = await makeUser(stack, 'liaison', { cityCode: CITY, name: '王芳' });
  const e = await enterpriseThatFiles(stack, liaison, { cityCode: CITY, name: `朝阳压力表厂 ${uniq('e')}`, address: '朝阳市双塔区燕都大街 1 号', owner: '张伟' });
  enterpriseName = e.name;
  enterprise = e.user;
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('files on the request page', () => {
  it('1. the enterprise files with two attachments and sees what it asked for', async () => {
    const { context, page } = await signedIn(browser, stack, enterprise, { path: '/portal/new' });
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
    const { context, page } = await signedIn(browser, stack, liaison, { path: `/work/requests/${requestId}` });
    // The PDF opens in a tab of its own: the browser was handed it inline, named, as a PDF.
    const { tab, headers, contentType } = await openedTab(page, '压力表清单.pdf');
    expect(headers['content-type']).toBe('application/pdf');
    expect(headers['content-disposition']).toMatch(dispositionOf('inline', '压力表清单.pdf'));
    expect(contentType).toBe('application/pdf');
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
    const { context, page } = await signedIn(browser, stack, enterprise, { path: `/portal/requests/${requestId}` });
    const { tab } = await openedTab(page, '检定报告.pdf');
    await tab.waitForLoadState();
    await shot(tab, 'request-page-03b-enterprise-pdf-tab');
    await tab.close();
    // Downloading asks for the same file as an attachment.
    const saved = await downloaded(page, '检定报告.pdf');
    expect(saved.fileName).toBe('检定报告.pdf');
    expect(saved.headers['content-disposition']).toMatch(dispositionOf('attachment', '检定报告.pdf'));
    expect((await page.getByTestId('attachments').textContent()) ?? '').toContain('王芳（联络员）');
    await shot(page, 'request-page-03-enterprise-opens-report');
    await context.close();
  });

  it('4. the liaison files on behalf of the enterprise, picked by name as they type', async () => {
    const { context, page } = await signedIn(browser, stack, liaison, { path: '/work/new' });
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
    const wide = await tooWideOnPhone(browser, stack, [
      { user: enterprise, path: `/portal/requests/${requestId}`, ready: 'attachments', name: 'request-page-06-phone-enterprise' },
      { user: liaison, path: `/work/requests/${requestId}`, ready: 'attachments', name: 'request-page-07-phone-liaison' },
    ]);
    expect(wide).toEqual([]);
  });
});
