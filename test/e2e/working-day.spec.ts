/**
 * A working day across the roles, through the console behind the real gateway, in zh-CN, at
 * desktop and at phone width (each width walks a request of its own):
 *
 *   1. the city manager assigns an unassigned request to a liaison found by name as they type,
 *      and the request then names that liaison;
 *   2. the liaison responds and asks the enterprise a question; the enterprise reads the
 *      question and answers it with a file; the liaison reads the answer and opens the file
 *      (a PDF: handed to the new tab inline under its name, and as an attachment to download),
 *      then resolves the request;
 *   3. the manager finds the dashboard's cards and its by-city table in agreement for the city,
 *      exports the queue's current filter (XLSX and CSV) and the report (XLSX), every heading and
 *      value in words: no code, no id.
 *
 * For a request to stay unassigned, every liaison on the city's roster is set inactive before
 * the two requests are filed (earlier runs leave theirs there), then ours alone is set active.
 * Screenshots go to screenshots/ (working-day-*).
 */
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { uniq, waitFor } from '@metrodesk/testkit';
import { normalizeFigures, type Figures } from '../../services/console/src/lib/figures';
import { apiAs, makeUser, startStack, type Stack, type TestUser } from './stack';
import { LAPTOP, PHONE, codesIn, dispositionOf, downloaded, enterpriseThatFiles, launch, openedTab, overflowX, shot, signedIn, words } from './browser';

// Yingkou: a city no other browser test uses.
const CITY = '210800';

let stack: Stack;
let browser: Browser;
let manager: TestUser, liaison: TestUser, enterprise: TestUser;
const filed: Record<'desktop' | 'phone', { id: string; number: string }> = {} as never;

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj<<>>endobj\n% ${text}\ntrailer<<>>\n%%EOF\n`);

type Liaison = { userId: string; version: number; active: boolean };

beforeAll(async () => {
  stack = await startStack(['accounts', 'assignment', 'sla', 'requests', 'reporting']);
  browser = await launch();
  manager = await makeUser(stack, 'city_manager', { cityCode: CITY, name: '营口市局' });
  // A name of this run's own: the roster keeps the liaisons of earlier runs.
  liaison = await makeUser(stack, 'liaison', { cityCode: CITY, name: `刘洋${uniq('n').slice(-4)}` });
  const e = await enterpriseThatFiles(stack, liaison, { cityCode: CITY, name: `营口阀门厂${uniq('e').slice(-4)}号`, owner: '赵敏' });
  enterprise = e.user;
  const asManager = await apiAs(stack, manager);
  const put = await asManager('POST', '/assignment/liaisons', { userId: liaison.id, name: liaison.name, cityCode: CITY, categories: ['verification_calibration', 'other'], capacity: 50 });
  expect([201, 409]).toContain(put.status);
  const roster = async () => (await asManager<Liaison[]>('GET', `/assignment/liaisons?cityCode=${CITY}`)).body;
  const setActive = async (l: Liaison, active: boolean) => {
    const res = await asManager('PATCH', `/assignment/liaisons/${l.userId}`, { version: l.version, active });
    if (res.status !== 200) throw new Error(`setting ${l.userId} active=${active} answered ${res.status} ${JSON.stringify(res.body)}`);
  };
  for (const l of await roster()) if (l.active) await setActive(l, false);
  const asEnterprise = await apiAs(stack, enterprise);
  for (const width of ['desktop', 'phone'] as const) {
    const r = await asEnterprise<{ id: string; number: string }>('POST', '/requests/requests', { category: 'verification_calibration', title: `燃气报警器检定（${width === 'desktop' ? '一' : '二'}）`, description: '车间燃气报警器 12 台到期。' }, { 'idempotency-key': uniq('day') });
    expect(r.status).toBe(201);
    filed[width] = r.body;
  }
  // Nobody could take them: both wait in the city's queue.
  await waitFor(
    async () => {
      const queue = (await asManager<{ requestId: string }[]>('GET', `/assignment/queue/${CITY}`)).body;
      return [filed.desktop.id, filed.phone.id].every((id) => queue.some((q) => q.requestId === id));
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'both requests to wait in the city queue' },
  );
  const ours = (await roster()).find((l) => l.userId === liaison.id)!;
  await setActive(ours, true);
  await waitFor(
    async () => {
      const rows = (await asManager<{ userId: string; eligible: boolean }[]>('GET', `/assignment/requests/${filed.desktop.id}/eligible-liaisons`)).body;
      return rows.some((c) => c.userId === liaison.id && c.eligible);
    },
    { timeoutMs: 60_000, intervalMs: 1000, what: 'the liaison to be able to take the requests' },
  );
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** This year's figures of the city, as reporting gives them to the manager. */
async function cityFigures(): Promise<Figures> {
  const res = await (await apiAs(stack, manager))<unknown>('GET', `/reporting/reports/summary?from=${today().slice(0, 4)}-01-01&to=${today()}&region=${CITY}`);
  expect(res.status).toBe(200);
  return normalizeFigures(res.body);
}

/** Reloads the page until `testId` shows `text` (other services' events arrive a moment later). */
async function untilShown(page: Page, testId: string, text: string): Promise<void> {
  await waitFor(
    async () => {
      const el = page.getByTestId(testId);
      if (((await el.count()) > 0 ? await el.first().textContent() : '')?.includes(text)) return true;
      await page.reload();
      await page.locator('main').waitFor();
      return false;
    },
    { timeoutMs: 30_000, intervalMs: 1000, what: `"${text}" in ${testId}` },
  );
}

/** Each sheet of a workbook by name, as rows of cells in words. */
async function sheets(path: string): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const cell = (v: unknown) => (v && typeof v === 'object' && 'text' in v ? String(v.text) : String(v ?? ''));
  const out: Record<string, string[][]> = {};
  for (const ws of wb.worksheets) {
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map(cell)));
    out[ws.name] = rows;
  }
  return out;
}

const joined = (rows: string[][]) => rows.map((r) => r.join(' | '));

describe.each([
  ['desktop', LAPTOP],
  ['phone', PHONE],
] as const)('a working day at %s width', (width, viewport) => {
  const at = (user: TestUser, path: string) => signedIn(browser, stack, user, { viewport, path });
  const name = (step: string) => `working-day-${width}-${step}`;
  const fits = async (page: Page) => expect(await overflowX(page)).toBe(0);
  // Each width's texts of its own, in words.
  const which = width === 'desktop' ? '一' : '二';
  const answerText = `已补充第${which}批 12 台报警器的出厂编号。`;

  it('1. the manager assigns the unassigned request to a liaison picked by name', async () => {
    const { id, number } = filed[width];
    const { context, page } = await at(manager, `/work/requests/${id}`);
    await page.getByTestId('request-state').filter({ hasText: '已提交' }).waitFor();
    expect(await page.getByTestId('request-assignee').count()).toBe(0);
    await page.getByTestId('actions').getByRole('button', { name: '指派给…' }).click();
    const panel = page.getByTestId('panel-assign');
    await panel.getByLabel('联络员').fill(liaison.name.slice(0, 3));
    await shot(page, name('01-manager-picks-liaison'));
    await panel.getByTestId('liaison-results').getByRole('button', { name: new RegExp(`^${liaison.name}（`) }).click();
    await panel.getByTestId('picked-liaison').filter({ hasText: liaison.name }).waitFor();
    await panel.getByRole('button', { name: '指派给…' }).click();
    await untilShown(page, 'request-assignee', liaison.name);
    expect(await page.getByTestId('request-number').first().textContent()).toContain(number);
    expect(await words(page)).toEqual([]);
    await fits(page);
    await shot(page, name('02-manager-assigned'));
    await context.close();
  });

  it('2. the enterprise answers the liaison question with a file, and the liaison opens it', async () => {
    const { id } = filed[width];
    const question = `请补充第${which}批报警器的出厂编号清单。`;
    const asked = await at(liaison, `/work/requests/${id}`);
    let page = asked.page;
    await page.getByTestId('actions').getByRole('button', { name: '响应' }).click();
    await page.getByTestId('panel-respond').locator('button.primary').click();
    await page.getByTestId('request-state').filter({ hasText: '已响应' }).waitFor();
    await page.getByTestId('actions').getByRole('button', { name: '向企业提问' }).click();
    await page.getByTestId('panel-ask').locator('textarea').fill(question);
    await page.getByTestId('panel-ask').locator('button.primary').click();
    await page.getByTestId('question').filter({ hasText: question }).waitFor();
    await fits(page);
    await shot(page, name('03-liaison-asked'));
    await asked.context.close();

    const answering = await at(enterprise, `/portal/requests/${id}`);
    page = answering.page;
    await page.getByTestId('question').filter({ hasText: question }).waitFor();
    const form = page.getByTestId('answer-form');
    await form.locator('textarea[name=answer]').fill(answerText);
    await form.locator('input[type=file]').setInputFiles({ name: '出厂编号清单.pdf', mimeType: 'application/pdf', buffer: pdf(width) });
    await fits(page);
    await shot(page, name('04-enterprise-answers'));
    await form.getByRole('button', { name: '提交答复' }).click();
    await page.getByTestId('attachments').getByRole('button', { name: '打开 出厂编号清单.pdf' }).waitFor();
    await page.getByTestId('answer-form').waitFor({ state: 'detached' });
    expect(await words(page)).toEqual([]);
    await shot(page, name('05-enterprise-answered'));
    await answering.context.close();

    const reading = await at(liaison, `/work/requests/${id}`);
    page = reading.page;
    await page.getByTestId('timeline').filter({ hasText: answerText }).waitFor();
    expect(await page.getByTestId('timeline').textContent()).toContain('赵敏（企业用户）');
    expect(await page.getByTestId('attachments').textContent()).toContain('赵敏（企业用户）');
    // The PDF opens in a tab of its own, handed over inline under its name; downloading it asks for an attachment.
    const { tab, headers, contentType } = await openedTab(page, '出厂编号清单.pdf');
    expect(headers['content-type']).toBe('application/pdf');
    expect(headers['content-disposition']).toMatch(dispositionOf('inline', '出厂编号清单.pdf'));
    expect(contentType).toBe('application/pdf');
    await tab.close();
    const saved = await downloaded(page, '出厂编号清单.pdf');
    expect(saved.fileName).toBe('出厂编号清单.pdf');
    expect(saved.headers['content-disposition']).toMatch(dispositionOf('attachment', '出厂编号清单.pdf'));
    expect(await words(page)).toEqual([]);
    await fits(page);
    await shot(page, name('06-liaison-reads-answer'));
    // Resolved as solved: the figures the manager checks next count it.
    const solvedBefore = (await cityFigures()).problemsSolved ?? 0;
    await page.getByTestId('actions').getByRole('button', { name: '办结' }).click();
    const resolve = page.getByTestId('panel-resolve');
    await resolve.locator('select[name=kind]').selectOption('on_site_verification');
    await resolve.locator('textarea').fill(`现场检定第${which}批 12 台报警器，全部合格。`);
    await resolve.locator('button.primary').click();
    await page.getByTestId('request-state').filter({ hasText: '已办结' }).waitFor();
    await reading.context.close();
    await waitFor(async () => ((await cityFigures()).problemsSolved ?? 0) > solvedBefore, { timeoutMs: 30_000, what: 'reporting to count the solved problem' });
  });

  it("3. the manager's cards agree with the by-city table, and the exports are in words", async () => {
    const { number } = filed[width];
    const board = await at(manager, '/dashboard');
    let page = board.page;
    const table = page.getByTestId('rates-by-city');
    await table.waitFor();
    await page.getByTestId('kpis').waitFor();
    const kpi = async (label: string) => Number((await page.getByTestId('kpis').locator('.kpi', { hasText: label }).locator('.kpi-value').textContent())!.replace(/[^\d]/g, ''));
    const column = async (col: string) => (await table.locator(`tbody td[data-label="${col}"]`).allTextContents()).reduce((a, s) => a + Number(s.replace(/[^\d]/g, '') || 0), 0);
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr').first().textContent()).toContain('营口');
    expect(await kpi('解决问题')).toBeGreaterThan(0);
    expect(await column('服务企业')).toBe(await kpi('服务企业'));
    expect(await column('解决问题')).toBe(await kpi('解决问题'));
    expect(await page.getByRole('alert').count()).toBe(0);
    await fits(page);
    await shot(page, name('07-manager-dashboard'));
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    expect(report.suggestedFilename()).toMatch(/\.xlsx$/);
    // The report: sheets and headings in words, and its summary gives the cards' figures.
    const book = await sheets((await report.path())!);
    expect(Object.keys(book)).toEqual(expect.arrayContaining(['汇总', '月度', '综述']));
    const [heads, values] = book['汇总']!;
    expect(heads).toEqual(expect.arrayContaining(['地区', '服务企业数', '解决问题数', '类别：检定校准']));
    expect(values![heads!.indexOf('地区')]).toContain('营口');
    expect(Number(values![heads!.indexOf('服务企业数')])).toBe(await kpi('服务企业'));
    expect(Number(values![heads!.indexOf('解决问题数')])).toBe(await kpi('解决问题'));
    expect(codesIn(Object.values(book).flatMap(joined).join('\n'))).toEqual([]);
    await board.context.close();

    const queue = await at(manager, '/work');
    page = queue.page;
    // At phone width the filters wait folded under one line; the manager unfolds them.
    if (viewport === PHONE) await page.getByTestId('queue-filters-panel').locator('summary').click();
    // The request is resolved by now: the queue shows open ones unless asked for others.
    await page.getByTestId('queue-filters').locator('select[name=state]').selectOption('resolved');
    await page.getByLabel('编号或企业名称').fill(number);
    await page.getByTestId('queue-filters').getByRole('button', { name: '搜索' }).click();
    await page.getByTestId('queue-total').filter({ hasText: '共 1 条' }).waitFor();
    expect((await page.getByTestId('queue-assignee').first().textContent())!.trim()).toBe(liaison.name);
    await fits(page);
    await shot(page, name('08-manager-queue-filtered'));
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('queue-export').click()]);
    expect(xlsx.suggestedFilename()).toBe('服务请求.xlsx');
    const rows = joined(Object.values(await sheets((await xlsx.path())!))[0]!);
    expect(rows[0]).toContain('编号 | 标题 | 企业 | 城市 | 类别');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(number);
    expect(rows[1]).toContain(liaison.name);
    expect(rows[1]).toContain('已办结');
    expect(codesIn(rows.join('\n'))).toEqual([]);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('queue-export-csv').click()]);
    expect(csv.suggestedFilename()).toBe('服务请求.csv');
    const lines = readFileSync((await csv.path())!, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('编号,标题,企业,城市,类别,优先级,状态,承办人')).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.split(',')[0]).toBe(number);
    expect(codesIn(lines.join('\n'))).toEqual([]);
    await queue.context.close();
  });
});
