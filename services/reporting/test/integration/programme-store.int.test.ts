import type { Connection } from 'mongoose';
import { connectMongo } from '@metrodesk/mongo';
import { infra, testLogger, uniq } from '@metrodesk/testkit';
import { MongoProgrammeStore } from '../../src/persistence/programme.repository';
import type { ProgrammeRecord } from '../../src/domain/programme-records';

jest.setTimeout(60_000);

// A repository test: its own database, written through the store itself.
const dbName = uniq('metrodesk_reporting_store_test').replace(/-/g, '_');
let conn: Connection;
let store: MongoProgrammeStore;

beforeAll(async () => {
  conn = await connectMongo({ url: infra.mongoUrl, compat: infra.mongoCompat, dbName, logger: testLogger() });
  store = new MongoProgrammeStore(conn);
  await store.init();
});
afterAll(async () => {
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
});

const A = '210100';
const B = '210200';
const Y = 2031;
const records: ProgrammeRecord[] = [
  { kind: 'campaign', key: 'c:in', version: 1, cityCode: '210000', day: `${Y}-01-01`, name: '跨年活动', programme: 'livelihood', startDate: `${Y - 1}-11-01`, endDate: `${Y}-02-01`, cityCodes: [A, B] },
  { kind: 'campaign', key: 'c:b-only', version: 1, cityCode: B, day: `${Y}-03-01`, name: '乙市活动', programme: 'industry', startDate: `${Y}-03-01`, endDate: `${Y}-03-31`, cityCodes: [B] },
  { kind: 'campaign', key: 'c:before', version: 1, cityCode: A, day: `${Y - 1}-01-01`, name: '去年活动', programme: 'livelihood', startDate: `${Y - 1}-01-01`, endDate: `${Y - 1}-12-31`, cityCodes: [A] },
  { kind: 'visit', key: 'v:in-a', version: 1, cityCode: A, day: `${Y}-06-01`, instrumentsVerified: 3, freeOfCharge: true },
  { kind: 'visit', key: 'v:in-b', version: 1, cityCode: B, day: `${Y}-06-01`, instrumentsVerified: 4, freeOfCharge: false },
  { kind: 'visit', key: 'v:after', version: 1, cityCode: A, day: `${Y + 1}-01-01`, instrumentsVerified: 5, freeOfCharge: true },
  { kind: 'commitment', key: 'k:old-withdrawn', version: 2, cityCode: A, day: `${Y - 2}-05-05`, enterpriseId: 'e1', withdrawnOn: `${Y}-04-04` },
  { kind: 'commitment', key: 'k:old', version: 1, cityCode: A, day: `${Y - 2}-05-05`, enterpriseId: 'e2', withdrawnOn: null },
  { kind: 'collection', key: 'dc:e3:1', version: 1, cityCode: A, day: `${Y - 3}-01-01`, enterpriseId: 'e3', status: 'manual' },
  { kind: 'collection', key: 'dc:e3:2', version: 2, cityCode: A, day: `${Y + 1}-01-01`, enterpriseId: 'e3', status: 'realtime' },
];

describe('the programme store', () => {
  it("reads the campaigns running in a period, one city's those it takes part in, and an enterprise's data-collection changes", async () => {
    for (const r of records) expect(await store.saveNewer(r)).toBe(true);
    const keys = async (cityCode?: string) => (await store.campaigns({ from: `${Y}-01-01`, to: `${Y}-12-31` }, cityCode)).map((r) => r.key).sort();
    expect(await keys()).toEqual(['c:b-only', 'c:in']);
    expect(await keys(A)).toEqual(['c:in']);
    expect(await keys(B)).toEqual(['c:b-only', 'c:in']);
    expect((await store.collectionsOf('e3')).map((r) => r.key).sort()).toEqual(['dc:e3:1', 'dc:e3:2']);
    expect(await store.collectionsOf('e1')).toEqual([]);
    expect((await store.all()).length).toBe(records.length);
  });

  it('keeps the newer version of a record', async () => {
    const key = uniq('v:');
    const first: ProgrammeRecord = { kind: 'visit', key, version: 2, cityCode: A, day: `${Y + 5}-01-01`, instrumentsVerified: 1, freeOfCharge: true };
    expect(await store.saveNewer(first)).toBe(true);
    expect(await store.saveNewer({ ...first, version: 1, instrumentsVerified: 9 })).toBe(false);
    expect(await store.saveNewer({ ...first })).toBe(false);
    expect(await store.saveNewer({ ...first, version: 3, instrumentsVerified: 7 })).toBe(true);
    expect(await store.get(key)).toEqual({ ...first, version: 3, instrumentsVerified: 7 });
    expect(await store.get(uniq('v:'))).toBeNull();
  });
});
