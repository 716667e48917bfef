import type { Connection } from 'mongoose';
import { infra, testLogger, uniq } from '@metrodesk/testkit';
import { connectMongo, mongoCommandCounts } from '@metrodesk/mongo';
import { MongoRequestNumbers } from '../../src/persistence/request-number.repository';

let conn: Connection;
beforeAll(async () => {
  conn = await connectMongo({ url: infra.mongoUrl, compat: infra.mongoCompat, dbName: 'metrodesk_requests_numbers_test', logger: testLogger() });
});
afterAll(() => conn.close());

describe('request numbers', () => {
  it('gives racing callers of one series each a number of their own, in the order they asked, in fewer draws than callers', async () => {
    const numbers = new MongoRequestNumbers(conn);
    const series = uniq('series');
    const draws = () => mongoCommandCounts(conn).get('findAndModify') ?? 0;
    const before = draws();
    const got = await Promise.all(Array.from({ length: 40 }, () => numbers.next(series)));
    expect(got).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(draws() - before).toBeLessThan(40);
    // Later callers go on from there; other series are apart.
    expect(await numbers.next(series)).toBe(41);
    expect(await Promise.all([numbers.next(`${series}-b`), numbers.next(series)])).toEqual([1, 42]);
  });
});
