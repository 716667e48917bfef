/**
 * The demo seed (scripts/seed.js, which `deploy/local/run` loads) against the real servers and
 * every service behind the real gateway, at small sizes, so it cannot silently rot: it signs
 * in as an administrator made in identity and sets everything else up through the public API.
 * Each run starts from empty databases of its own.
 */
import { REQUEST_CATEGORIES } from '@metrodesk/contracts';
import { makeUser, SERVICE_NAMES, startStack, type Stack } from '../e2e/stack';

interface Outcome {
  staff: number;
  training: { sessions: number; passed: number };
  files: number;
  requests: { states: Record<string, number>; unroutable: unknown[]; assignedCategories: string[]; onSite: { requestId: string; visits: number }[] };
  unroutable: { requestId: string; cityCode: string; status: string }[];
  instruments: { imported: number; added: number; due: { enterprises: number; instruments: number } };
  programmes: { year: number; campaigns: number; activities: number; recorded: number };
  records: { year: number; signed: number; named: number; reviewed: number; collecting: number };
  history: { year: number; imported: number; byCity: Record<string, { rows: number; imported: number; alreadyImported: number; solved: number }>; figures: Record<string, { requests: number; problemsSolved: number }> };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seed } = require('../../scripts/seed.js') as { seed(o: unknown): Promise<Outcome> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PATHS } = require('../../scripts/seed-requests.js') as { PATHS: string[] };

const DB = 'seedtest';
// Panjin and Tieling: cities few other suites use, so their rosters hold only this run's
// liaisons; Fuxin is the city whose liaisons are all on leave.
const CITY_CODES = ['211100', '211200'];
const AWAY = '210900';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack([...SERVICE_NAMES], { label: DB });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

it('loads the demo through the public API: every category reaches a liaison, every demo state is reached, on-site work gets a visit, a city with everyone on leave queues its requests', async () => {
  const admin = await makeUser(stack, 'admin');
  const outcome = await seed({
    base: stack.baseUrl,
    adminUsername: admin.username,
    adminPassword: admin.password,
    password: 'Metrodesk2026',
    // The seed's progress lines, so a failure shows how far it got and what it waited for.
    log: (line: string) => process.stderr.write(`[seed] ${line}\n`),
    sizes: { cityCodes: [...CITY_CODES, AWAY], unroutableCity: AWAY, liaisonsPerCity: 2, enterprisesPerCity: 4, enterpriseUsersPerCity: 1, traineesPerSession: 2, requests: 20, historyRequests: 60, programmeScale: 0.02, waitSeconds: 60 },
  });

  expect(outcome.requests.unroutable).toEqual([]);
  expect(outcome.requests.assignedCategories).toEqual([...REQUEST_CATEGORIES].sort());
  expect(Object.keys(outcome.requests.states).sort()).toEqual([...new Set(PATHS)].sort());
  expect(outcome.training.sessions).toBe((CITY_CODES.length + 1) * 2);
  expect(outcome.unroutable).toHaveLength(2);
  for (const u of outcome.unroutable) expect(u).toMatchObject({ cityCode: AWAY, status: 'queued' });
  expect(outcome.files).toBe(outcome.training.passed);
  expect(outcome.requests.onSite.length).toBeGreaterThan(0);
  for (const v of outcome.requests.onSite) expect(v.visits).toBe(1);
  // Each demo enterprise user's register is in (half imported, half added), and each has an
  // overdue compulsory gauge the falling-due scan found.
  expect(outcome.instruments.imported + outcome.instruments.added).toBe((CITY_CODES.length + 1) * 6);
  expect(outcome.instruments.imported).toBeGreaterThan(0);
  expect(outcome.instruments.due.enterprises).toBe(CITY_CODES.length + 1);

  // Last year's history went in by import, each city's share once, and reporting counts it.
  const cities = [...CITY_CODES, AWAY].sort();
  expect(outcome.history.year).toBe(new Date().getFullYear() - 1);
  expect(Object.keys(outcome.history.byCity).sort()).toEqual(cities);
  const rows = Object.values(outcome.history.byCity).reduce((n, c) => n + c.rows, 0);
  expect(rows).toBeGreaterThanOrEqual(55);
  // Each row once: imported now, or counted as imported by a retry after a slow answer.
  expect(Object.values(outcome.history.byCity).reduce((n, c) => n + c.imported + c.alreadyImported, 0)).toBe(rows);
  expect(outcome.history.imported).toBeGreaterThan(0);
  for (const code of cities) {
    expect(outcome.history.figures[code]!.requests).toBeGreaterThanOrEqual(outcome.history.byCity[code]!.rows);
    expect(outcome.history.figures[code]!.problemsSolved).toBeGreaterThanOrEqual(outcome.history.byCity[code]!.solved);
  }
  // Last year's two livelihood campaigns, every activity of every city recorded.
  expect(outcome.programmes).toEqual({ year: outcome.history.year, campaigns: 2, activities: cities.length * 12, recorded: cities.length * 12 });
  // Each city (four enterprises, the first of them a key energy-using unit) imported one
  // signing and named its signer a demonstration unit, and reviewed its key energy-using unit.
  expect(outcome.records).toEqual({ year: outcome.history.year, signed: cities.length, named: cities.length, reviewed: cities.length, collecting: cities.length });
}, 600_000);
