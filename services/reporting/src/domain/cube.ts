import { addInto, MEMBER_SETS, sumFigures, type Figures, type MemberCounts, type Members, type MemberSet } from './figures';
import { childPeriods, decompose, periodFromKey, periodsOfDay, type Range } from './period';
import { bucketId, splitBucketId } from './rollup';

/** Member sets as interned ids: small, and unions are a pass over integers. */
type Ids = Partial<Record<MemberSet, Uint32Array>>;

interface Cell {
  f: Figures;
  m: Ids;
}

export interface DayCell {
  /** bucketId(cityCode, 'D' + day) */
  id: string;
  f: Figures;
  m: Members;
}

const EMPTY: Cell = { f: {}, m: {} };

/**
 * Every figure of every region and period, in memory. Only the cities' days are given (they
 * are what the read model stores); a city's month is summed from its days, quarter from
 * months, year from quarters, and the province's bucket for a period from its cities'
 * buckets. Each is recomputed from the level below, never incremented, so the cube is a pure
 * function of the days it holds: the same days give the same figures whatever the order.
 *
 * A range that is not one aligned period is tiled with the fewest aligned buckets (years,
 * quarters, months, days at the edges); their figures are summed and their member sets
 * unioned, so distinct counts stay exact.
 */
export class Cube {
  private readonly days = new Map<string, Cell>();
  private readonly rolled = new Map<string, Cell>();
  private readonly names = new Map<string, number>();
  private mark = new Uint32Array(1024);
  private stamp = 0;

  constructor(
    private readonly province: string,
    private readonly cities: readonly string[],
  ) {}

  /** Replaces these days (empty figures remove one) and recomputes every bucket above them. */
  setDays(list: DayCell[]): void {
    const cities = new Set(this.cities);
    const touched = new Set<string>();
    for (const d of list) {
      const { scope, period } = splitBucketId(d.id);
      if (!cities.has(scope) || period.level !== 'D') continue;
      const cell = { f: d.f, m: this.intern(d.m) };
      if (Object.keys(cell.f).length === 0 && Object.keys(cell.m).length === 0) this.days.delete(d.id);
      else this.days.set(d.id, cell);
      for (const p of periodsOfDay(period.from)) touched.add(`${p.level}|${scope}|${p.key}`);
    }
    // Level by level, so each bucket is summed from children that are already up to date.
    for (const level of ['M', 'Q', 'Y'] as const) {
      for (const t of touched) {
        const [l, scope, key] = t.split('|') as [string, string, string];
        if (l !== level) continue;
        this.put(bucketId(scope, key), this.merge(childPeriods(periodFromKey(key)).map((p) => this.cell(bucketId(scope, p.key)))));
      }
    }
    const provinceKeys = new Set([...touched].map((t) => t.split('|')[2]!));
    for (const key of provinceKeys) this.put(bucketId(this.province, key), this.merge(this.cities.map((c) => this.cell(bucketId(c, key)))));
  }

  /** Figures and distinct counts of a region (the province or one city) over a range of days. */
  figures(scope: string, range: Range): { f: Figures; n: MemberCounts } {
    const cells = decompose(range).map((p) => this.cell(bucketId(scope, p.key)));
    if (cells.length === 1) return { f: cells[0]!.f, n: this.counts(cells[0]!.m) };
    // Summed without the canonical form (sorted keys) that stored figures need: only read.
    const f: Figures = {};
    for (const c of cells) addInto(f, c.f);
    const n = Object.fromEntries(MEMBER_SETS.map((s) => [s, this.distinct(cells.map((c) => c.m[s]))])) as MemberCounts;
    return { f, n };
  }

  private cell(id: string): Cell {
    return this.days.get(id) ?? this.rolled.get(id) ?? EMPTY;
  }

  private put(id: string, c: Cell): void {
    if (Object.keys(c.f).length === 0 && Object.keys(c.m).length === 0) this.rolled.delete(id);
    else this.rolled.set(id, c);
  }

  private merge(cells: Cell[]): Cell {
    const m: Ids = {};
    for (const s of MEMBER_SETS) {
      const ids = this.union(cells.map((c) => c.m[s]));
      if (ids.length > 0) m[s] = ids;
    }
    return { f: sumFigures(cells.map((c) => c.f)), m };
  }

  private counts(m: Ids): MemberCounts {
    return Object.fromEntries(MEMBER_SETS.map((s) => [s, m[s]?.length ?? 0])) as MemberCounts;
  }

  private intern(m: Members): Ids {
    const out: Ids = {};
    for (const s of MEMBER_SETS) {
      const list = m[s];
      if (!list?.length) continue;
      out[s] = Uint32Array.from(new Set(list), (v) => {
        let id = this.names.get(v);
        if (id === undefined) this.names.set(v, (id = this.names.size));
        return id;
      });
    }
    return out;
  }

  /** Marks ids seen with a fresh stamp, so a union costs one pass and no hashing. */
  private nextStamp(): number {
    if (this.mark.length < this.names.size) {
      const grown = new Uint32Array(Math.max(this.names.size, this.mark.length * 2));
      grown.set(this.mark);
      this.mark = grown;
    }
    if (this.stamp === 0xffffffff) {
      this.mark.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  private distinct(sets: (Uint32Array | undefined)[]): number {
    const stamp = this.nextStamp();
    let n = 0;
    for (const s of sets) {
      if (!s) continue;
      for (let i = 0; i < s.length; i++) {
        const id = s[i]!;
        if (this.mark[id] !== stamp) {
          this.mark[id] = stamp;
          n += 1;
        }
      }
    }
    return n;
  }

  private union(sets: (Uint32Array | undefined)[]): Uint32Array {
    const present = sets.filter((s): s is Uint32Array => !!s && s.length > 0);
    if (present.length === 1) return present[0]!;
    const stamp = this.nextStamp();
    const out: number[] = [];
    for (const s of present) {
      for (const id of s) {
        if (this.mark[id] !== stamp) {
          this.mark[id] = stamp;
          out.push(id);
        }
      }
    }
    return Uint32Array.from(out);
  }
}
