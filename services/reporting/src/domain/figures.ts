/**
 * Additive figures: each is a sum over requests, visits, sessions or files, so a period's
 * figures are the sum of its days' figures. Distinct counts (enterprises served, persons,
 * units) are not additive; they are kept as member sets beside the figures.
 */
export interface Figures {
  requests?: number;
  /** Of those, opened by the bureau for instruments falling due. */
  proactiveRequests?: number;
  byCategory?: Record<string, number>;
  byStatus?: Record<string, number>;
  solutions?: number;
  problemsSolved?: number;
  /** Requests filed whose first response is known: responded, or the response clock breached. */
  responseDue?: number;
  respondedWithin24h?: number;
  /** First-response time histogram: minutes (rounded up) -> requests. */
  responseHist?: Record<string, number>;
  resolutionsTimed?: number;
  resolvedOnTime?: number;
  returnVisits?: number;
  satisfied?: number;
  /** Response samples: every cycle's response clock that was met or breached. */
  responseSamples?: number;
  /** Of those, met within the request's own policy target and never breached. */
  respondedOnTarget?: number;
  /** Samples and on-target counts by `p:<priority>`, `c:<category>`, `l:<liaison id>` (`l:` when unassigned). */
  responseBy?: Record<string, number>;
  onTargetBy?: Record<string, number>;
  /** Return visits with a verdict, satisfied ones and "no answer" closes, by `l:<liaison id>`. */
  visitsBy?: Record<string, number>;
  satisfiedBy?: Record<string, number>;
  noAnswerBy?: Record<string, number>;
  /** Cycles closed as "no answer" (no return visit made by its deadline): not a verdict. */
  noAnswer?: number;
  breachesResponse?: number;
  breachesResolution?: number;
  escalationsCity?: number;
  escalationsProvince?: number;
  outreach?: number;
  trainingSessions?: number;
  peopleTrained?: number;
  trainingPassed?: number;
  qualificationFiles?: number;
  /** Programme records' additive figures under flat keys (see programme-cells.ts). */
  programme?: Record<string, number>;
}

export const MEMBER_SETS = [
  'served',
  'contactPoint',
  'keyEnergy',
  'persons',
  'units',
  // Programme records' distinct counts (see programme-cells.ts).
  'demonstrators',
  'energyReviewed',
  'servedScientific',
  'servedLivelihood',
  'servedIntegrity',
  'servedEnergy',
  'servedIndustry',
] as const;
export type MemberSet = (typeof MEMBER_SETS)[number];
export type Members = Partial<Record<MemberSet, string[]>>;
export type MemberCounts = Record<MemberSet, number>;

type NumberKey = { [K in keyof Figures]-?: Figures[K] extends number | undefined ? K : never }[keyof Figures];
type MapKey = Exclude<keyof Figures, NumberKey>;
const MAP_KEYS: MapKey[] = ['byCategory', 'byStatus', 'responseHist', 'responseBy', 'onTargetBy', 'visitsBy', 'satisfiedBy', 'noAnswerBy', 'programme'];

export function addInto(target: Figures, add: Figures): Figures {
  for (const [k, v] of Object.entries(add) as [keyof Figures, unknown][]) {
    if (MAP_KEYS.includes(k as MapKey)) {
      const map = (target[k as MapKey] ??= {});
      const add = v as Record<string, number>;
      // for...in, not Object.entries: ranges sum thousands of histogram keys per request.
      for (const kk in add) map[kk] = (map[kk] ?? 0) + add[kk]!;
    } else {
      target[k as NumberKey] = (target[k as NumberKey] ?? 0) + (v as number);
    }
  }
  return target;
}

export function sumFigures(list: Figures[]): Figures {
  return canonical(list.reduce<Figures>((acc, f) => addInto(acc, f), {}));
}

/** Sorted keys and no zeros, so equal figures serialise equally (change detection, replay tests). */
export function canonical(f: Figures): Figures {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(f).sort()) {
    const v = (f as Record<string, unknown>)[k];
    if (typeof v === 'number') {
      if (v !== 0) out[k] = v;
    } else if (v && typeof v === 'object') {
      const inner: Record<string, number> = {};
      for (const kk of Object.keys(v).sort()) if ((v as Record<string, number>)[kk] !== 0) inner[kk] = (v as Record<string, number>)[kk]!;
      if (Object.keys(inner).length > 0) out[k] = inner;
    }
  }
  return out as Figures;
}

export function unionMembers(list: Members[]): Members {
  const out: Members = {};
  for (const name of MEMBER_SETS) {
    const s = new Set<string>();
    for (const m of list) for (const v of m[name] ?? []) s.add(v);
    if (s.size > 0) out[name] = [...s].sort();
  }
  return out;
}

export function countMembers(m: Members): MemberCounts {
  return Object.fromEntries(MEMBER_SETS.map((n) => [n, m[n]?.length ?? 0])) as MemberCounts;
}

/**
 * Histogram key for a response time: exact minutes for the first two days (where the 24-hour
 * promise and typical answers live), whole hours after that, so a bucket stays small.
 */
export function responseKey(ms: number): number {
  const minutes = Math.max(0, Math.ceil(ms / 60000));
  return minutes <= 2880 ? minutes : Math.ceil(minutes / 60) * 60;
}

/** Nearest-rank percentile over a histogram; null when empty. */
export function percentile(hist: Record<string, number> | undefined, p: number): number | null {
  return percentiles(hist, [p])[0]!;
}

/** Several nearest-rank percentiles over one histogram, sorting it once. */
export function percentiles(hist: Record<string, number> | undefined, ps: number[]): (number | null)[] {
  const entries = Object.entries(hist ?? {})
    .map(([k, n]) => [Number(k), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  return ps.map((p) => {
    if (total === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * total));
    let seen = 0;
    for (const [k, n] of entries) {
      seen += n;
      if (seen >= rank) return k;
    }
    return entries[entries.length - 1]![0];
  });
}

export function rate(count: number, of: number): number | null {
  return of === 0 ? null : Math.round((count * 1000) / of) / 10;
}
