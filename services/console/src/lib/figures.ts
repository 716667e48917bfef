// Figures as the reporting service sends them, under whichever names it settles on.
// Pure: the e2e tests read the service's answers through this too.
export interface Figures {
  enterprisesServed: number | null;
  problemsSolved: number | null;
  solutions: number | null;
  requests: number | null;
  /** Opened by the bureau for instruments falling due (未诉先办), and their share of all requests (%). */
  proactive: number | null;
  proactiveShare: number | null;
  responseRate: number | null;
  /** Every cycle's response within the request's own policy target. */
  responseOnTargetRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  /** Closed as "no answer": apart from the satisfaction rate. */
  noAnswer: number | null;
  breaches: number | null;
  escalations: number | null;
  peopleTrained: number | null;
  qualificationFiles: number | null;
}

export interface CityRow extends Figures {
  cityCode: string;
}

export interface SeriesPoint extends Figures {
  period: string;
}

export interface Period {
  from: string;
  to: string;
  cityCode?: string;
}

type Raw = Record<string, unknown>;

export function get(o: unknown, path: string): unknown {
  let cur: unknown = o;
  for (const k of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Raw)[k];
  }
  return cur;
}

function num(o: unknown, ...paths: string[]): number | null {
  for (const p of paths) {
    const v = get(o, p);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

function rateOf(o: unknown, ready: string[], count: string[], of: string[]): number | null {
  const r = num(o, ...ready);
  if (r !== null) return r;
  const c = num(o, ...count);
  const n = num(o, ...of);
  return c !== null && n ? Math.round((c * 1000) / n) / 10 : null;
}

function sum(...xs: (number | null)[]): number | null {
  const present = xs.filter((x): x is number => x !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) : null;
}

export function normalizeFigures(raw: unknown): Figures {
  const f = get(raw, 'figures') && typeof get(raw, 'figures') === 'object' ? { ...(raw as Raw), ...(get(raw, 'figures') as Raw) } : raw;
  return {
    enterprisesServed: num(f, 'enterprisesServed', 'served', 'counts.served', 'members.served'),
    problemsSolved: num(f, 'problemsSolved', 'solved'),
    solutions: num(f, 'solutionsProvided', 'solutions'),
    requests: num(f, 'requests.total', 'requests', 'requestsFiled'),
    proactive: num(f, 'requests.proactive.count'),
    proactiveShare: num(f, 'requests.proactive.rate'),
    responseRate: rateOf(f, ['responseWithin24h.rate', 'responseWithin24hRate', 'responseRate', 'rates.response'], ['respondedWithin24h'], ['responseDue']),
    resolutionRate: rateOf(f, ['resolutionOnTime.rate', 'resolutionOnTimeRate', 'resolutionRate', 'rates.resolution'], ['resolvedOnTime'], ['resolutionsTimed']),
    responseOnTargetRate: rateOf(f, ['responseOnTarget.rate'], ['respondedOnTarget'], ['responseSamples']),
    satisfactionRate: rateOf(f, ['satisfaction.rate', 'satisfactionRate', 'rates.satisfaction'], ['satisfied'], ['returnVisits']),
    noAnswer: num(f, 'noAnswer'),
    breaches: num(f, 'breaches.total', 'breaches') ?? sum(num(f, 'breachesResponse'), num(f, 'breachesResolution')),
    escalations: num(f, 'escalations.total', 'escalations') ?? sum(num(f, 'escalationsCity'), num(f, 'escalationsProvince')),
    peopleTrained: num(f, 'training.peopleTrained', 'peopleTrained', 'trained'),
    qualificationFiles: num(f, 'qualificationFiles.files', 'qualificationFiles', 'files'),
  };
}

export interface RateRow {
  rate: number | null;
  of: number;
}

export interface LiaisonRow {
  /** null: not assigned to anyone. */
  liaisonId: string | null;
  response: RateRow;
  satisfaction: RateRow;
  noAnswer: number;
}

/** The response rate by priority and the per-liaison figures of a summary; empty when absent. */
export interface Breakdown {
  byPriority: Record<string, RateRow>;
  byLiaison: LiaisonRow[];
}

const rateRow = (v: unknown): RateRow => ({ rate: num(v, 'rate'), of: num(v, 'of') ?? 0 });

export function normalizeBreakdown(raw: unknown): Breakdown {
  const priority = get(raw, 'responseOnTargetBy.priority');
  const byPriority = priority && typeof priority === 'object' ? Object.fromEntries(Object.entries(priority as Raw).map(([k, v]) => [k, rateRow(v)])) : {};
  const liaisons = get(raw, 'byLiaison');
  const byLiaison = Array.isArray(liaisons)
    ? (liaisons as Raw[]).map((l) => ({
        liaisonId: typeof l.liaisonId === 'string' ? l.liaisonId : null,
        response: rateRow(l.response),
        satisfaction: rateRow(l.satisfaction),
        noAnswer: num(l, 'noAnswer') ?? 0,
      }))
    : [];
  return { byPriority, byLiaison };
}

/** A bare array, or the array under rows / points / items / cities / series. */
export function rowsOf(v: unknown): Raw[] {
  if (Array.isArray(v)) return v as Raw[];
  for (const k of ['rows', 'points', 'items', 'cities', 'series', 'months']) {
    const x = get(v, k);
    if (Array.isArray(x)) return x as Raw[];
  }
  return [];
}

