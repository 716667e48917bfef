/**
 * Every request category, filed in the console by an enterprise user, reaches a liaison of
 * the enterprise's city. The deployment is set up only as a bureau sets one up: users are
 * created in identity (assignment learns its roster from identity's events), the enterprise is
 * registered by a liaison through the API, and nobody puts anyone on the roster by hand or
 * makes a liaison a verifier. On-site categories carry instruments and a free-text preferred
 * time ("工作日上午"), which must route like no preference at all.
 */
import type { Browser, Page } from 'playwright-core';
import { randomInt } from 'node:crypto';
import { uniq, waitFor } from '@metrodesk/testkit';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { REQUEST_CATEGORIES } from '@metrodesk/contracts';
import { apiAs, fileWhenKnown, makeUser, startStack, type Stack, type TestUser } from './stack';
import { PHONE, arriveOrFail, launch, newPage, shot, signIn } from './browser';

// Benxi: no other browser test files there, so its roster holds only this suite's liaisons.
const CITY = '210500';
const ON_SITE = new Set(['verification_calibration', 'emergency_verification']);
// What an enterprise would write for each need: the titles the liaisons look for in their queues.
const TITLES: Record<string, string> = {
  verification_calibration: '压力表 24 块周期检定',
  emergency_verification: '燃气报警器应急检定',
  management_system: '测量管理体系建设咨询',
  test_solution: '流量计在线测量方案',
  product_development: '新产品研发计量支持',
  training_request: '企业计量员内训',
  energy_metrology: '能源计量器具配备核查',
  other: '计量法规咨询',
};

let stack: Stack;
let browser: Browser;
let liaisons: TestUser[];
let manager: TestUser;
let enterprise: TestUser;
/** What the first test filed, and who each request was assigned to. */
const filed: { category: string; id: string; title: string; assigneeId?: string }[] = [];

const randomUscc = () => makeUscc('9', '1', '210502', Array.from({ length: 8 }, () => USCC_ALPHABET[randomInt(USCC_ALPHABET.length)]).join(''));

beforeAll(async () => {
  stack = await startStack(['accounts', 'assignment', 'sla', 'requests']);
  browser = await launch();
  liaisons = [await makeUser(stack, 'liaison', { cityCode: CITY, name: '本溪联络员甲' }), await makeUser(stack, 'liaison', { cityCode: CITY, name: '本溪联络员乙' })];
  manager = await makeUser(stack, 'city_manager', { cityCode: CITY, name: '本溪市局' });
  // Earlier runs against the same databases left liaisons in this city: the administrator
  // disables their accounts, as a bureau does when people leave, so ours are the city's roster.
  const asAdmin = await apiAs(stack, await makeUser(stack, 'admin', { name: '系统管理员' }));
  const ours = new Set(liaisons.map((l) => l.id));
  const earlier = await asAdmin<{ items: { id: string; version: number; active: boolean }[] }>('GET', `/identity/users?role=liaison&cityCode=${CITY}&limit=200`);
  expect(earlier.status).toBe(200);
  for (const u of earlier.body.items.filter((x) => x.active && !ours.has(x.id))) {
    expect((await asAdmin('PATCH', `/identity/users/${u.id}`, { version: u.version, active: false })).status).toBe(200);
  }
  const asLiaison = await apiAs(stack, liaisons[0]!);
  const e = await asLiaison<{ id: string }>('POST', '/accounts/enterprises', { uscc: randomUscc(), name: `本溪压力容器 ${uniq('e')}`, cityCode: CITY });
  expect(e.status).toBe(201);
  enterprise = await makeUser(stack, 'enterprise', { enterpriseId: e.body.id, name: '压力容器计量员' });
  // What the city manager sees on the routing screen: both new liaisons on the city's roster.
  const asManager = await apiAs(stack, manager);
  await waitFor(
    async () => {
      const r = await asManager<{ userId: string; accountActive?: boolean; active: boolean }[]>('GET', `/assignment/liaisons?cityCode=${CITY}`);
      const onDuty = r.status === 200 ? r.body.filter((x) => x.active && x.accountActive !== false).map((x) => x.userId) : [];
      return onDuty.length === ours.size && onDuty.every((id) => ours.has(id));
    },
    { timeoutMs: 60_000, intervalMs: 500, what: 'the city roster to hold exactly the new liaisons' },
  );
  // Their predecessors' open work moved to them when those accounts were disabled: the manager
  // gives the two room for this suite's filings, as one does after taking people off a roster.
  for (const l of liaisons) {
    const current = await asManager<{ version: number }>('GET', `/assignment/liaisons/${l.id}`);
    expect((await asManager('PATCH', `/assignment/liaisons/${l.id}`, { version: current.body.version, capacity: 500 })).status).toBe(200);
  }
  const first = await fileWhenKnown(stack, enterprise, liaisons[0]!, e.body.id, { category: 'other', title: '计量法规咨询', description: '先问一个问题。' }, `cat-${e.body.id}`);
  filed.push({ category: 'first', title: '计量法规咨询', id: first.id });
}, 480_000);

afterAll(async () => {
  // The enterprise withdraws what it filed, so a later run's roster change has no open work
  // of this one to move around.
  if (enterprise) {
    const asEnterprise = await apiAs(stack, enterprise);
    for (const f of filed) {
      const r = await asEnterprise<{ version: number; state: string }>('GET', `/requests/requests/${f.id}`);
      if (r.status === 200 && !['withdrawn', 'closed'].includes(r.body.state)) await asEnterprise('POST', `/requests/requests/${f.id}/withdraw`, { version: r.body.version, reason: '测试结束' });
    }
  }
  await browser?.close();
  await stack?.stop();
});

async function fileInConsole(page: Page, category: string, title: string): Promise<string> {
  await page.goto(`${stack.baseUrl}/portal/new`);
  await page.locator('select[name=category]').selectOption(category);
  if (category === 'emergency_verification') await page.locator('select[name=priority]').selectOption('emergency');
  await page.locator('input[name=title]').fill(title);
  await page.locator('textarea[name=description]').fill(`${title}：请尽快安排。`);
  await page.locator('input[name=preferredTime]').fill('工作日上午');
  if (ON_SITE.has(category)) {
    await page.getByRole('button', { name: '+ 添加器具' }).first().click();
    const fieldset = page.locator('fieldset').first();
    await fieldset.locator('input').nth(0).fill('压力表');
    await fieldset.locator('input[type=number]').first().fill('24');
    await page.locator('input[name=siteAddress]').fill('本溪市平山区工业路 8 号');
  }
  await page.locator('button[type=submit]').click();
  await arriveOrFail(page, /\/portal\/requests\/[^/]+$/);
  return new URL(page.url()).pathname.split('/').pop()!;
}

describe('every category filed in the console reaches a liaison of its city', () => {
  it('files one request of each category as the enterprise, and each is assigned within seconds', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, stack, enterprise, /\/portal$/);
    const before = filed.length;
    for (const category of REQUEST_CATEGORIES) {
      const title = `${TITLES[category] ?? category} ${uniq('t')}`;
      filed.push({ category, title, id: await fileInConsole(page, category, title) });
    }
    await shot(page, 'categories-enterprise-last-filed');
    await context.close();

    const asEnterprise = await apiAs(stack, enterprise);
    const ids = new Set(liaisons.map((l) => l.id));
    const unassigned = new Map(filed.slice(before).map((f) => [f.id, f.category]));
    await waitFor(
      async () => {
        for (const [id] of unassigned) {
          const r = await asEnterprise<{ state: string; assigneeId: string | null; cityCode: string }>('GET', `/requests/requests/${id}`);
          if (r.status === 200 && r.body.assigneeId && ids.has(r.body.assigneeId) && r.body.state === 'assigned' && r.body.cityCode === CITY) {
            unassigned.delete(id);
            filed.find((f) => f.id === id)!.assigneeId = r.body.assigneeId;
          }
        }
        return unassigned.size === 0;
      },
      { timeoutMs: 45_000, intervalMs: 500, what: 'every category to reach a liaison' },
    ).catch((err: Error) => {
      throw new Error(`${err.message}; not assigned: ${[...unassigned.values()].join(', ')}`);
    });
  });

  it('each on-site request is in its assignee\'s own queue ("mine"), at phone width too', async () => {
    const onSite = filed.filter((f) => ON_SITE.has(f.category));
    expect(onSite).toHaveLength(2);
    for (const f of onSite) {
      const assignee = liaisons.find((l) => l.id === f.assigneeId);
      expect(assignee).toBeDefined();
      const { context, page } = await newPage(browser, PHONE);
      await signIn(page, stack, assignee!, /\/work$/);
      await page.getByRole('tab', { name: '我的' }).click();
      await page.getByTestId('queue').locator('tr', { hasText: f.title }).waitFor();
      await shot(page, `categories-${f.category}-assignee-queue-phone`);
      await context.close();
    }
  });
});
