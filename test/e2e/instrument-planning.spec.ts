/**
 * Verification planning and falling-due instruments, through the console behind the real
 * gateway, in zh-CN, for a city manager and a liaison:
 *
 *   1. instruments registered through the API fall due next month and some are overdue; two
 *      verifiers' qualification files are announced on Kafka as the qualifications service does;
 *      the planning page shows next month's load by class with verifier-days and the qualified
 *      verifiers, and the registry's figures;
 *   2. the liaison's due page lists the overdue compulsory instruments first, flagged;
 *   3. both pages at phone width, without sideways scrolling.
 * Screenshots go to screenshots/ (instrument-planning-*).
 */
import type { Browser } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { produceRaw, uniq, waitFor } from '@metrodesk/testkit';
import { QUALIFICATION_TOPIC } from '@metrodesk/contracts';
import { apiAs, makeUser, startStack, type Stack, type TestUser } from './stack';
import { launch, randomUscc, shot, signedIn, tooWideOnPhone } from './browser';

// Tieling: a city other browser tests leave alone.
const CITY = '211200';

let stack: Stack;
let browser: Browser;
let manager: TestUser, liaison: TestUser;

const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
const nextMonth = () => {
  const d = new Date(`${day(0).slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 7);
};
/** A last verification a year before a day of next month, so a 12-month cycle falls due then. */
const dueNextMonthOn = (dom: number) => `${String(Number(nextMonth().slice(0, 4)) - 1)}${nextMonth().slice(4)}-${String(dom).padStart(2, '0')}`;

function fileAnnounced(personName: string, scope: string[]) {
  const fileId = uniq('file');
  const data = {
    fileId, version: 1, personKey: uniq('person'), personName, employerUscc: randomUscc(CITY), employerName: '铁岭市计量测试所', cityCode: CITY, type: 'verifier', scope,
    certificateNo: uniq('JDY'), issuedOn: '2024-01-01', expiresOn: '2030-12-31', status: 'valid',
  };
  const event = { specversion: '1.0', id: randomUUID(), type: 'qualifications.file.filed', source: 'qualifications', time: new Date().toISOString(), subject: fileId, dataversion: '1', correlationid: randomUUID(), data };
  return { key: data.personKey, value: JSON.stringify(event) };
}

beforeAll(async () => {
  stack = await startStack(['accounts'], { label: 'e2e_planning' });
  browser = await launch();
  manager = await makeUser(stack, 'city_manager', { cityCode: CITY, name: '铁岭市局' });
  liaison = await makeUser(stack, 'liaison', { cityCode: CITY, name: '李娜' });
  const call = await apiAs(stack, liaison);
  const firms = ['铁岭燃气有限公司', '铁岭热电厂', '铁岭第一医院'];
  for (const [k, name] of firms.entries()) {
    const e = await call<{ id: string }>('POST', '/accounts/enterprises', { uscc: randomUscc(CITY), name: `${name} ${uniq('e').slice(-4)}`, cityCode: CITY });
    expect(e.status).toBe(201);
    const add = async (body: Record<string, unknown>) => {
      const res = await call('POST', `/accounts/enterprises/${e.body.id}/instruments`, { serialNo: uniq('SN'), cycleMonths: 12, ...body });
      expect(res.status).toBe(201);
    };
    for (let n = 0; n < 6 + k * 4; n++) await add({ instrumentClass: 'pressure_gauge', model: 'Y-100', use: 'safety', lastVerifiedOn: dueNextMonthOn(3 + n) });
    for (let n = 0; n < 3 + k; n++) await add({ instrumentClass: 'gas_alarm', use: 'safety', lastVerifiedOn: dueNextMonthOn(10 + n) });
    await add({ instrumentClass: 'flow_meter', use: 'trade_settlement', lastVerifiedOn: dueNextMonthOn(20) });
    // Overdue: compulsory ones and one for process control.
    await add({ instrumentClass: 'pressure_gauge', use: 'safety', location: '锅炉房', lastVerifiedOn: day(-400 - k * 20) });
    if (k === 0) await add({ instrumentClass: 'flow_meter', use: 'process_control', lastVerifiedOn: day(-390) });
  }
  const asManager = await apiAs(stack, manager);
  // The accounts consumer group reads from its start: announce until the plan counts the verifiers.
  await waitFor(async () => {
    await produceRaw(stack.topic(QUALIFICATION_TOPIC), [fileAnnounced('赵检定', ['压力表', '燃气报警器']), fileAnnounced('钱检定', ['pressure_gauge'])]);
    const plan = await asManager<{ cells: { classes: { instrumentClass: string; qualifiedVerifiers: number | null }[] }[] }>('GET', `/accounts/instruments/planning?fromMonth=${nextMonth()}&months=1`);
    return (plan.body.cells[0]?.classes.find((c) => c.instrumentClass === 'pressure_gauge')?.qualifiedVerifiers ?? 0) >= 2;
  }, { timeoutMs: 180_000, intervalMs: 5000, what: 'the qualified verifiers to show in the plan' });
}, 480_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('verification planning', () => {
  it("1. the city manager sees next month's load by class, verifier-days, qualified verifiers and the figures", async () => {
    const { context, page } = await signedIn(browser, stack, manager);
    await page.getByRole('link', { name: '检定计划' }).first().click();
    const plan = page.getByTestId('instrument-plan');
    await plan.waitFor();
    await page.getByTestId('instrument-kpis').waitFor();
    const month = `${Number(nextMonth().slice(0, 4))}年${Number(nextMonth().slice(5))}月`;
    const rows = await plan.locator('tbody tr').allTextContents();
    expect(rows.some((r) => r.includes(month))).toBe(true);
    const gauges = plan.locator('tbody tr', { hasText: '压力表' }).first();
    expect(Number(await gauges.locator('td[data-label="到期台数"]').textContent())).toBeGreaterThanOrEqual(24);
    expect(Number(await gauges.locator('td[data-label="具备资质的检定员"]').textContent())).toBeGreaterThanOrEqual(2);
    expect(Number(await gauges.locator('td[data-label="所需检定人日"]').textContent())).toBeGreaterThan(1);
    const kpi = async (label: string) => Number((await page.getByTestId('instrument-kpis').locator('.kpi', { hasText: label }).locator('.kpi-value').textContent())!.replace(/[^\d]/g, ''));
    expect(await kpi('逾期（强检）')).toBeGreaterThanOrEqual(3);
    expect(await page.getByRole('alert').count()).toBe(0);
    await shot(page, 'instrument-planning-01-desktop');
    await context.close();
  });

  it('2. the liaison sees overdue compulsory instruments first, flagged', async () => {
    const { context, page } = await signedIn(browser, stack, liaison, { path: '/instruments/due' });
    const table = page.getByTestId('instruments-due');
    await table.waitFor();
    const flags = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.hasAttribute('data-overdue-compulsory')));
    const firstPlain = flags.indexOf(false);
    expect(flags.slice(0, 3)).toEqual([true, true, true]);
    expect(flags.slice(firstPlain).includes(true)).toBe(false);
    await expect(table.locator('tbody tr').first().textContent()).resolves.toContain('强检逾期');
    await shot(page, 'instrument-planning-02-due-desktop');
    await context.close();
  });

  it('3. both pages fit a phone-width screen', async () => {
    const wide = await tooWideOnPhone(browser, stack, [
      { user: manager, path: '/instruments/planning', ready: 'instrument-plan', name: 'instrument-planning-03-phone' },
      { user: liaison, path: '/instruments/due', ready: 'instruments-due', name: 'instrument-planning-04-due-phone' },
    ]);
    expect(wide).toEqual([]);
  });
});
