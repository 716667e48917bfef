import fc from 'fast-check';
import { Cube } from '../../src/domain/cube';
import { sumFigures, unionMembers } from '../../src/domain/figures';
import { addDays } from '../../src/domain/period';
import { bucketId } from '../../src/domain/rollup';
import type { Contribution } from '../../src/domain/facts';
import { collectionContributions, COLLECTION_FROM, programmeContributions, programmeFiguresOf } from '../../src/domain/programme-cells';
import { PROGRAMMES, VENUE_KINDS, programmeFigures, type ProgrammeRecord } from '../../src/domain/programme-records';

const P = '990000';
const CITIES = ['990100', '990200', '990300'];
const START = '2025-11-01';
const SPAN = 120;
const day = (n: number) => addDays(START, n);
const dayArb = fc.integer({ min: 0, max: SPAN - 1 }).map(day);
const cityArb = fc.constantFrom(...CITIES);
const entArb = fc.integer({ min: 0, max: 8 }).map((n) => `e${n}`);
const small = fc.integer({ min: 0, max: 9 });
const progArb = fc.constantFrom(...PROGRAMMES);

/** Records as the store holds them: at most one per key (a later one is a correction and replaces it). */
const recordArb: fc.Arbitrary<ProgrammeRecord> = fc.oneof(
  fc.record({ kind: fc.constant('activity' as const), key: fc.integer({ min: 0, max: 40 }).map((n) => `a:${n}`), version: fc.constant(1), cityCode: cityArb, day: dayArb, campaignId: fc.constantFrom('k1', 'k2', 'k3'), programme: progArb, venueKind: fc.constantFrom(...VENUE_KINDS), venues: small, instrumentsChecked: small, instrumentsVerifiedFree: small, peopleServed: small, problemsFound: small, requestsOpened: small, mediaReports: small }),
  fc.record({ kind: fc.constant('outreach' as const), key: fc.integer({ min: 0, max: 40 }).map((n) => `o:${n}`), version: fc.constant(1), cityCode: cityArb, day: dayArb, enterpriseId: entArb, campaignId: fc.constant('k1'), programme: progArb }),
  fc.record({ kind: fc.constant('visit' as const), key: fc.integer({ min: 0, max: 40 }).map((n) => `v:${n}`), version: fc.constant(1), cityCode: cityArb, day: dayArb, instrumentsVerified: small, freeOfCharge: fc.boolean() }),
  fc.record({ kind: fc.constant('benefit' as const), key: fc.integer({ min: 0, max: 40 }).map((n) => `b:${n}`), version: fc.constant(1), cityCode: cityArb, day: dayArb, hasBenefit: fc.boolean(), amountYuan: fc.option(fc.integer({ min: 0, max: 100000 }).map((n) => n / 100)), banners: small, letters: small }),
  fc.record({ kind: fc.constant('commitment' as const), key: fc.integer({ min: 0, max: 40 }).map((n) => `k:${n}`), version: fc.constant(1), cityCode: cityArb, day: dayArb, enterpriseId: entArb, withdrawnOn: fc.option(dayArb) }),
  fc.record({ kind: fc.constant('demonstration' as const), key: fc.integer({ min: 0, max: 40 }).map((n) => `d:${n}`), version: fc.constant(1), cityCode: cityArb, day: dayArb, enterpriseId: entArb, revoked: fc.boolean() }),
  fc.record({ kind: fc.constant('review' as const), key: fc.integer({ min: 0, max: 40 }).map((n) => `r:${n}`), version: fc.constant(1), cityCode: cityArb, day: dayArb, enterpriseId: entArb, instrumentsReviewed: small, followUpRequests: small }),
  // One enterprise stays in one city; its changes are keyed by version.
  fc.record({ n: fc.integer({ min: 0, max: 8 }), version: fc.integer({ min: 1, max: 5 }), day: dayArb, status: fc.constantFrom('realtime' as const, 'manual' as const, 'none' as const) }).map(
    ({ n, version, day, status }): ProgrammeRecord => ({ kind: 'collection', key: `dc:e${n}:${version}`, version, cityCode: CITIES[n % CITIES.length]!, day, enterpriseId: `e${n}`, status }),
  ),
);
const campaigns: ProgrammeRecord[] = [
  { kind: 'campaign', key: 'c:k1', version: 1, cityCode: P, day: day(0), name: '甲活动', programme: 'livelihood', startDate: day(0), endDate: day(60), cityCodes: CITIES },
  { kind: 'campaign', key: 'c:k2', version: 1, cityCode: CITIES[0]!, day: day(30), name: '乙活动', programme: 'livelihood', startDate: day(30), endDate: day(100), cityCodes: [CITIES[0]!] },
  { kind: 'campaign', key: 'c:k3', version: 1, cityCode: CITIES[1]!, day: day(10), name: '丙活动', programme: 'industry', startDate: day(10), endDate: day(20), cityCodes: [CITIES[1]!, CITIES[2]!] },
];

/** The read model's way: each record's contributions (an enterprise's data-collection changes together), summed into day cells. */
function cubeOf(records: ProgrammeRecord[]): Cube {
  const contributions: Contribution[] = records.flatMap(programmeContributions);
  const collections = records.filter((r): r is Extract<ProgrammeRecord, { kind: 'collection' }> => r.kind === 'collection');
  for (const e of new Set(collections.map((r) => r.enterpriseId))) contributions.push(...collectionContributions(collections.filter((r) => r.enterpriseId === e)));
  const byDay = new Map<string, Contribution[]>();
  for (const c of contributions) {
    const id = bucketId(c.cityCode, `D${c.day}`);
    byDay.set(id, [...(byDay.get(id) ?? []), c]);
  }
  const cube = new Cube(P, CITIES);
  cube.setDays([...byDay].map(([id, cs]) => ({ id, f: sumFigures(cs.map((c) => c.f)), m: unionMembers(cs.map((c) => c.m)) })));
  return cube;
}

const rangeArb = fc.tuple(fc.integer({ min: -10, max: SPAN + 10 }), fc.integer({ min: -10, max: SPAN + 10 })).map(([a, b]) => ({ from: day(Math.min(a, b)), to: day(Math.max(a, b)) }));

describe('programme figures from cells', () => {
  it('equal the sum of the records over any range, for the province and each city, distinct counts included', () => {
    fc.assert(
      fc.property(fc.uniqueArray(recordArb, { selector: (r) => r.key, maxLength: 60 }), rangeArb, fc.constantFrom(P, ...CITIES), (records, range, scope) => {
        const cube = cubeOf(records);
        const cities = new Set(scope === P ? CITIES : [scope]);
        const fromCells = programmeFiguresOf(cube.figures(scope, range), cube.figures(scope, { from: COLLECTION_FROM, to: range.to }).f, campaigns as never, cities, range);
        expect(fromCells).toEqual(programmeFigures([...campaigns, ...records], cities, range));
      }),
      { numRuns: 300 },
    );
  });

  it('retracts a corrected record: the cells of the correction alone, never both versions', () => {
    const first: ProgrammeRecord = { kind: 'activity', key: 'a:1', version: 1, cityCode: CITIES[0]!, day: day(5), campaignId: 'k1', programme: 'livelihood', venueKind: 'market', venues: 3, instrumentsChecked: 40, instrumentsVerifiedFree: 10, peopleServed: 0, problemsFound: 2, requestsOpened: 0, mediaReports: 0 };
    const corrected: ProgrammeRecord = { ...first, version: 2, day: day(50), venueKind: 'school', instrumentsChecked: 12 };
    const range = { from: day(0), to: day(SPAN - 1) };
    const f = programmeFiguresOf(cubeOf([corrected]).figures(P, range), {}, campaigns as never, new Set(CITIES), range).campaigns.livelihood;
    expect([f.activities, f.instrumentsChecked, f.venues.market, f.venues.school]).toEqual([1, 12, 0, 3]);
    expect(cubeOf([corrected]).figures(CITIES[0]!, { from: day(5), to: day(5) }).f).toEqual({});
  });

  it('counts an enterprise once in the status it holds on the last day, whichever order its changes came in', () => {
    const change = (version: number, d: number, status: 'realtime' | 'manual' | 'none'): Extract<ProgrammeRecord, { kind: 'collection' }> => ({ kind: 'collection', key: `dc:e1:${version}`, version, cityCode: CITIES[0]!, day: day(d), enterpriseId: 'e1', status });
    const changes = [change(1, 0, 'manual'), change(2, 10, 'realtime'), change(3, 10, 'none'), change(4, 20, 'realtime')];
    for (const order of [changes, [...changes].reverse()]) {
      const cube = cubeOf(order);
      const at = (d: number) => Object.fromEntries(Object.entries(cube.figures(P, { from: COLLECTION_FROM, to: day(d) }).f.programme ?? {}).filter(([, n]) => n !== 0));
      expect([at(5), at(10), at(25)]).toEqual([{ 'data|manual': 1 }, {}, { 'data|realtime': 1 }]);
    }
  });
});
