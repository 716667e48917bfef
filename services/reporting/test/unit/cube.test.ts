import fc from 'fast-check';
import { Cube, type DayCell } from '../../src/domain/cube';
import { sumFigures, unionMembers, countMembers } from '../../src/domain/figures';
import { addDays } from '../../src/domain/period';
import { bucketId } from '../../src/domain/rollup';

const P = '990000';
const CITIES = ['990100', '990200', '990300'];
const START = '2024-11-01';
const SPAN = 500;

interface Day {
  city: string;
  offset: number;
  requests: number;
  solved: number;
  cat: string;
  hist: number;
  served: number[];
}
const dayArb: fc.Arbitrary<Day> = fc.record({
  city: fc.constantFrom(...CITIES),
  offset: fc.integer({ min: 0, max: SPAN - 1 }),
  requests: fc.integer({ min: 0, max: 5 }),
  solved: fc.integer({ min: 0, max: 3 }),
  cat: fc.constantFrom('other', 'training_request'),
  hist: fc.integer({ min: 1, max: 3000 }),
  served: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 6 }),
});
function cellsOf(list: Day[]): DayCell[] {
  // Last one wins for a (city, day), as a stored day replaces the one before.
  const byId = new Map<string, DayCell>();
  for (const d of list) {
    const id = bucketId(d.city, `D${addDays(START, d.offset)}`);
    byId.set(id, {
      id,
      f: sumFigures([{ requests: d.requests, problemsSolved: d.solved, byCategory: { [d.cat]: d.requests }, responseHist: { [d.hist]: 1 } }]),
      m: d.served.length ? { served: d.served.map((e) => `e${e}`), keyEnergy: d.served.filter((e) => e % 3 === 0).map((e) => `e${e}`) } : {},
    });
  }
  return [...byId.values()];
}

/** The figures the slow way: every day of the range, summed and unioned. */
function bruteForce(cells: DayCell[], scope: string, from: string, to: string) {
  const inRange = cells.filter((c) => {
    const [city, key] = c.id.split('|') as [string, string];
    const day = key.slice(1);
    return (scope === P || city === scope) && day >= from && day <= to;
  });
  return { f: sumFigures(inRange.map((c) => c.f)), n: countMembers(unionMembers(inRange.map((c) => c.m))) };
}

const rangeArb = fc.tuple(fc.integer({ min: 0, max: SPAN + 30 }), fc.integer({ min: 0, max: SPAN + 30 })).map(([a, b]) => ({ from: addDays(START, Math.min(a, b) - 15), to: addDays(START, Math.max(a, b) - 15) }));

describe('cube', () => {
  it('gives any range of any region exactly the sum and distinct union of its days', () => {
    fc.assert(
      fc.property(fc.array(dayArb, { maxLength: 60 }), rangeArb, fc.constantFrom(P, ...CITIES), (days, range, scope) => {
        const cells = cellsOf(days);
        const cube = new Cube(P, CITIES);
        cube.setDays(cells);
        expect(cube.figures(scope, range)).toEqual(bruteForce(cells, scope, range.from, range.to));
      }),
      { numRuns: 150 },
    );
  });

  it('is a function of the days it holds, whatever the order or repetition they came in', () => {
    fc.assert(
      fc.property(fc.array(dayArb, { minLength: 1, maxLength: 40 }), rangeArb, (days, range) => {
        const cells = cellsOf(days);
        const once = new Cube(P, CITIES);
        once.setDays(cells);
        const piecemeal = new Cube(P, CITIES);
        // One by one, backwards, each twice, with an empty day first that is later replaced.
        for (const c of [...cells].reverse()) piecemeal.setDays([{ id: c.id, f: {}, m: {} }, c]);
        for (const c of cells) piecemeal.setDays([c]);
        for (const scope of [P, ...CITIES]) expect(piecemeal.figures(scope, range)).toEqual(once.figures(scope, range));
      }),
      { numRuns: 100 },
    );
  });

  it('drops a day that becomes empty from every period above it', () => {
    const cube = new Cube(P, CITIES);
    const id = bucketId(CITIES[0]!, 'D2025-03-04');
    cube.setDays([{ id, f: { requests: 2 }, m: { served: ['a', 'b'] } }]);
    expect(cube.figures(P, { from: '2025-01-01', to: '2025-12-31' })).toEqual({ f: { requests: 2 }, n: countMembers({ served: ['a', 'b'] }) });
    cube.setDays([{ id, f: {}, m: {} }]);
    expect(cube.figures(P, { from: '2025-01-01', to: '2025-12-31' })).toEqual({ f: {}, n: countMembers({}) });
  });

  it('ignores days of cities outside the province', () => {
    const cube = new Cube(P, CITIES);
    cube.setDays([{ id: bucketId('120100', 'D2025-03-04'), f: { requests: 2 }, m: {} }]);
    expect(cube.figures(P, { from: '2025-03-04', to: '2025-03-04' }).f).toEqual({});
  });
});
