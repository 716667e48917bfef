/**
 * The request number and the liaison's queue, through the console behind the real gateway:
 *
 *   1. an enterprise files in the console and is told its number right away;
 *   2. the liaison finds the request by its number and by the enterprise's name, with the city
 *      and the assignee by name, exports the filtered queue to Excel and to CSV, and saves the
 *      filter as a named view that brings it back later;
 *   3. on a phone, the queue's first request shows on the first screen, its filters folded
 *      under a line that says how many apply.
 */
import type { Browser } from 'playwright-core';
import { randomInt } from 'node:crypto';
import { uniq, waitFor } from '@metrodesk/testkit';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { apiAs, fileWhenKnown, makeUser, startStack, type Stack, type TestUser } from './stack';
import ExcelJS from 'exceljs';
import { PHONE, arriveOrFail, codesIn, launch, newPage, overflowX, shot, signIn } from './browser';

// Panjin: a city few other tests use, so its queue stays readable.
const CITY = '211100';

let stack: Stack;
let browser: Browser;
let liaison: TestUser, manager: TestUser, enterprise: TestUser;
let enterpriseName: string;
let first: { id: string; number: string };
let filed: { id: string; number: string };

const randomUscc = () => makeUscc('9', '1', '211102', Array.from({ length: 8 }, () => USCC_ALPHABET[randomInt(USCC_ALPHABET.length)]).join(''));

beforeAll(async () => {
  stack = await startStack(['accounts', 'assignment', 'sla', 'requests']);
  browser = await launch();
  liaison = await makeUser(stack, 'liaison', { cityCode: CITY, name: '盘锦联络员' });
  manager = await makeUser(stack, 'city_manager', { cityCode: CITY, name: '盘锦市局' });
  enterpriseName = `盘锦石化仪表 ${uniq('e')}`;
  const e = await (await apiAs(stack, liaison))<{ id: string }>('POST', '/accounts/enterprises', { uscc: randomUscc(), name: enterpriseName, cityCode: CITY });
  expect(e.status).toBe(201);
  enterprise = await makeUser(stack, 'enterprise', { enterpriseId: e.body.id, name: '石化计量员' });
  first = (await fileWhenKnown(stack, enterprise, liaison, e.body.id, { category: 'other', title: '计量法规咨询', description: '先问一个问题。' }, `queue-${e.body.id}`)) as never;
  expect(first.number).toMatch(new RegExp(`^${CITY}-\\d{4}-\\d{6}$`));
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('request numbers and the queue in the console', () => {
  it('1. the enterprise files and is told its number', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, stack, enterprise, /\/portal$/);
    await page.goto(`${stack.baseUrl}/portal/new`);
    await page.locator('select[name=category]').selectOption('verification_calibration');
    await page.locator('input[name=title]').fill('压力表 30 块需要检定');
    await page.locator('textarea[name=description]').fill('年检到期。');
    await page.locator('button[type=submit]').click();
    await arriveOrFail(page, /\/portal\/requests\/[^/]+$/);
    const notice = page.getByTestId('filed-notice');
    await notice.waitFor();
    const number = (await page.getByTestId('request-number').textContent())!.trim();
    expect(number).toMatch(new RegExp(`^${CITY}-\\d{4}-\\d{6}$`));
    expect(await notice.textContent()).toBe(`诉求已提交，编号 ${number}`);
    filed = { id: new URL(page.url()).pathname.split('/').pop()!, number };
    await shot(page, 'queue-01-enterprise-filed-number');
    await context.close();
  });

  it('2. the liaison finds it by number and by enterprise name, sees city and assignee by name, and exports', async () => {
    // The manager assigns through assignment, which names the liaison on its event.
    const asManager = await apiAs(stack, manager);
    const roster = await asManager('POST', '/assignment/liaisons', { userId: liaison.id, name: liaison.name, cityCode: CITY, categories: ['verification_calibration', 'other'], capacity: 50 });
    expect([201, 409]).toContain(roster.status);
    await waitFor(
      async () => {
        const r = await asManager<{ assigneeId: string | null; assigneeName: string | null }>('GET', `/requests/requests/${filed.id}`);
        if (r.body.assigneeId === liaison.id && r.body.assigneeName === liaison.name) return true;
        if (r.body.assigneeId !== liaison.id) {
          const res = await asManager('POST', `/assignment/requests/${filed.id}/assign`, { liaisonId: liaison.id });
          if (res.status >= 300) throw new Error(`assign answered ${res.status} ${JSON.stringify(res.body)}`);
        }
        throw new Error(`assigned to ${r.body.assigneeId} named ${r.body.assigneeName}`);
      },
      { timeoutMs: 60_000, intervalMs: 1000, what: 'the request to be assigned to the liaison by name' },
    );

    const { context, page } = await newPage(browser);
    await signIn(page, stack, liaison, /\/work$/);
    const search = page.getByLabel('编号或企业名称');
    await search.fill(filed.number);
    await page.getByTestId('queue-filters').getByRole('button', { name: '搜索' }).click();
    const rows = page.getByTestId('queue').locator('tbody tr');
    // The unfiltered queue shows both requests first: wait for the answer to the search itself.
    await page.getByTestId('queue-total').filter({ hasText: '共 1 条' }).waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('压力表 30 块需要检定');
    const row = rows.first();
    expect((await row.getByTestId('queue-number').textContent())!.trim()).toBe(filed.number);
    expect((await row.getByTestId('queue-assignee').textContent())!.trim()).toBe('盘锦联络员');
    expect(await row.textContent()).toContain('盘锦');
    await shot(page, 'queue-02-liaison-found-by-number');

    await search.fill(enterpriseName);
    await page.getByTestId('queue-filters').getByRole('button', { name: '搜索' }).click();
    await page.getByTestId('queue-total').filter({ hasText: '共 2 条' }).waitFor();
    const numbers = (await page.getByTestId('queue-number').allTextContents()).map((n) => n.trim()).sort();
    expect(numbers).toEqual([first.number, filed.number].sort());
    await shot(page, 'queue-03-liaison-found-by-enterprise');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('queue-export').click()]);
    expect(download.suggestedFilename()).toBe('服务请求.xlsx');
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path).subarray(0, 2).toString()).toBe('PK');
    // Every cell of the workbook in words: no code, no id.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((r) => cells.push((r.values as unknown[]).slice(1).map((v) => String(v ?? '')).join(' | ')));
    expect(cells[0]).toContain('编号 | 标题 | 企业 | 城市 | 类别');
    expect(cells).toHaveLength(3);
    expect(codesIn(cells.join('\n'))).toEqual([]);

    // The same filter as CSV: UTF-8 with a byte-order mark, headings and values in words.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('queue-export-csv').click()]);
    expect(csv.suggestedFilename()).toBe('服务请求.csv');
    const bytes = readFileSync((await csv.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('编号,标题,企业,城市,类别,优先级,状态,承办人')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual([first.number, filed.number].sort());
    expect(codesIn(lines.join('\n'))).toEqual([]);

    // Saved under a name, the filter comes back later by that name alone.
    await page.getByLabel('视图名称').fill('本企业');
    await page.getByRole('button', { name: '保存当前筛选' }).click();
    await search.fill(first.number);
    await page.getByTestId('queue-filters').getByRole('button', { name: '搜索' }).click();
    await page.getByTestId('queue-total').filter({ hasText: '共 1 条' }).waitFor();
    await page.getByLabel('已存视图').selectOption({ label: '本企业' });
    await page.getByTestId('queue-total').filter({ hasText: '共 2 条' }).waitFor();
    expect(await search.inputValue()).toBe(enterpriseName);
    await shot(page, 'queue-04-liaison-saved-view');
    await context.close();
  });
  it('3. on a phone, the first request shows on the first screen and the filters wait folded', async () => {
    const { context, page } = await newPage(browser, PHONE);
    await signIn(page, stack, liaison, /\/work$/);
    const row = page.getByTestId('queue').locator('tbody tr').first();
    await row.waitFor();
    const box = (await row.boundingBox())!;
    expect(box.y).toBeLessThan(PHONE.height);
    const search = page.getByLabel('编号或企业名称');
    expect(await search.isVisible()).toBe(false);
    const fold = page.getByTestId('queue-filters-panel').locator('summary');
    expect((await fold.textContent())!.trim()).toBe('筛选、导出与视图');
    await shot(page, 'queue-05-liaison-phone-first-screen');
    await fold.click();
    await search.fill(filed.number);
    await page.getByTestId('queue-filters').getByRole('button', { name: '搜索' }).click();
    await page.getByTestId('queue-total').filter({ hasText: '共 1 条' }).waitFor();
    expect((await fold.textContent())!.trim()).toBe('筛选、导出与视图（1 项筛选生效）');
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    await shot(page, 'queue-06-liaison-phone-filtered');
    await context.close();
  });
});
