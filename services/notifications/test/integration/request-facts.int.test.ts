import type { Connection } from 'mongoose';
import { connectMongo } from '@metrodesk/mongo';
import { infra, testLogger, testWorld, uniq } from '@metrodesk/testkit';
import { learn, type Happening } from '../../src/domain/triggers';
import { MongoRequestFactsRepository } from '../../src/persistence/request-facts.repository';

// A repository test: a database of the file's own, written through the repository itself.
const world = testWorld('notifications');
let conn: Connection;
let repo: MongoRequestFactsRepository;

beforeAll(async () => {
  conn = await connectMongo({ url: infra.mongoUrl, compat: infra.mongoCompat, dbName: world.dbName, logger: testLogger() });
  repo = new MongoRequestFactsRepository(conn);
  await repo.init();
});
afterAll(async () => {
  await conn.close();
  await world.drop();
});

const at = new Date().toISOString();
const filed = (requestId: string): Happening => ({
  id: uniq('event'),
  type: 'requests.request.filed',
  data: { requestId, enterpriseId: 'e-1', cityCode: '210100', priority: 'normal', number: '210100-2026-000001', title: '压力表', version: 1, at },
});
const warned = (requestId: string): Happening => ({
  id: uniq('event'),
  type: 'sla.clock.warning',
  data: { requestId, cityCode: '210100', clock: 'resolution', threshold: 75, cycle: 1, at, deadline: at },
});

describe('request facts', () => {
  it.each([
    ['the filing saved first', true],
    ['the clock saved first', false],
  ])('keeps what two first events of a request, read side by side, each learnt (%s)', async (_, filingFirst) => {
    const requestId = uniq('req');
    // Both handlers read before either wrote: each learns from nothing.
    const fromFiling = learn(null, filed(requestId))!;
    const fromClock = learn(null, warned(requestId))!;
    for (const facts of filingFirst ? [fromFiling, fromClock] : [fromClock, fromFiling]) await repo.save(facts, null);
    expect(await repo.get(requestId)).toMatchObject({ title: '压力表', number: '210100-2026-000001', risk: 'at_risk', state: 'filed', enterpriseId: 'e-1' });
  });
});
