import { onLeave, ruleFor, type Category, type Liaison, type RoutingRules } from './roster';

/** What routing needs to know about one piece of work: only its category (territory is the view's city). */
export interface Work {
  category: Category;
}

/** The state routing decides from: nothing else, so the same state gives the same answer. */
export interface RosterView {
  /** The date of the decision (the filing day for a new request), for leave periods. */
  today: string;
  liaisons: Liaison[];
  rules: RoutingRules;
  /** Open assignments per liaison. */
  load: Map<string, number>;
}

/** Why a liaison cannot take a piece of work; the console words each one. */
export const INELIGIBLE = ['no_account', 'inactive', 'on_leave', 'category', 'not_in_pool', 'at_capacity'] as const;
export type Ineligible = (typeof INELIGIBLE)[number];

export type Eligibility = { ok: true } | { ok: false; why: Ineligible; reason: string };

export const loadOf = (view: Pick<RosterView, 'load'>, id: string) => view.load.get(id) ?? 0;

const no = (why: Ineligible, reason: string): Eligibility => ({ ok: false, why, reason });

/**
 * May this liaison take this work, capacity aside? Territory, account, activity, leave,
 * category and the category's pool decide; never a qualification (those gate the visits of
 * a request, not who is accountable for it).
 */
export function eligibility(l: Liaison, work: Work, view: Pick<RosterView, 'today' | 'rules'>): Eligibility {
  if (!l.accountActive) return no('no_account', `${l.name} has no active liaison account`);
  if (!l.active) return no('inactive', `${l.name} is marked inactive on the roster`);
  if (onLeave(l, view.today)) return no('on_leave', `${l.name} is on leave on ${view.today}`);
  if (!l.categories.includes(work.category)) return no('category', `${l.name} does not handle ${work.category}`);
  const pool = ruleFor(view.rules, work.category)?.liaisonIds;
  if (pool && pool.length > 0 && !pool.includes(l.userId)) return no('not_in_pool', `${l.name} is not in the ${work.category} pool of ${view.rules.cityCode}`);
  return { ok: true };
}

/** Eligibility with room for one more: what a manual assignment, a claim and a transfer need. */
export function canTake(l: Liaison, work: Work, view: Pick<RosterView, 'today' | 'rules' | 'load'>): Eligibility {
  const e = eligibility(l, work, view);
  if (!e.ok) return e;
  const open = loadOf(view, l.userId);
  return open < l.capacity ? e : no('at_capacity', `${l.name} already holds ${open} open requests (capacity ${l.capacity})`);
}

export type RoutingDecision =
  | { kind: 'assigned'; liaison: Liaison }
  | { kind: 'unroutable'; reason: string };

/**
 * Orders equals fairly: lower open/capacity first (compared by cross-multiplying, so no
 * rounding), then whoever got work longest ago (round-robin), then the user id.
 */
export function compareLoad(view: Pick<RosterView, 'load'>, a: Liaison, b: Liaison): number {
  const byRatio = loadOf(view, a.userId) * b.capacity - loadOf(view, b.userId) * a.capacity;
  if (byRatio !== 0) return byRatio;
  const ta = a.lastAssignedAt?.getTime() ?? -1;
  const tb = b.lastAssignedAt?.getTime() ?? -1;
  if (ta !== tb) return ta - tb;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/** Territory, category and pool, leave, then the least-loaded person with room. */
export function route(work: Work, view: RosterView, exclude: string[] = []): RoutingDecision {
  const city = view.rules.cityCode;
  const candidates = view.liaisons.filter((l) => l.cityCode === city && !exclude.includes(l.userId));
  if (candidates.length === 0) return { kind: 'unroutable', reason: `no liaison on the roster of ${city}` };
  const checked = candidates.map((l) => ({ l, e: eligibility(l, work, view) }));
  const eligible = checked.filter((c) => c.e.ok);
  if (eligible.length === 0) {
    const reasons = [...new Set(checked.map((c) => (c.e as { reason: string }).reason))].slice(0, 5);
    return { kind: 'unroutable', reason: `no eligible liaison in ${city} for ${work.category}: ${reasons.join('; ')}` };
  }
  const withRoom = eligible.filter((c) => loadOf(view, c.l.userId) < c.l.capacity);
  if (withRoom.length === 0) return { kind: 'unroutable', reason: `every eligible liaison in ${city} is at capacity` };
  withRoom.sort((a, b) => compareLoad(view, a.l, b.l));
  const best = withRoom[0]!;
  return { kind: 'assigned', liaison: best.l };
}

/** An open piece of work as rebalancing sees it. */
export interface OpenWork extends Work {
  requestId: string;
  assigneeId: string | null;
  /** Newer work moves first: older work is more likely already in hand. */
  since: Date;
}

export interface Move {
  requestId: string;
  from: string | null;
  to: string | null;
  reason: string;
}

/**
 * Plans a rebalance of one city: queued work is routed, work held by someone who can no
 * longer take it moves (or goes back to the queue), then work moves from the most to the
 * least loaded while that strictly narrows the gap. Pure and deterministic.
 */
export function planRebalance(work: OpenWork[], view: RosterView): Move[] {
  const load = new Map(view.load);
  const v: RosterView = { ...view, load };
  const byId = new Map(view.liaisons.map((l) => [l.userId, l]));
  const moves: Move[] = [];
  const shift = (w: OpenWork, to: string | null, reason: string) => {
    if (w.assigneeId) load.set(w.assigneeId, (load.get(w.assigneeId) ?? 1) - 1);
    if (to) load.set(to, (load.get(to) ?? 0) + 1);
    moves.push({ requestId: w.requestId, from: w.assigneeId, to, reason });
    w.assigneeId = to;
  };
  const ordered = [...work].sort((a, b) => a.since.getTime() - b.since.getTime() || (a.requestId < b.requestId ? -1 : 1));

  for (const w of ordered) {
    const holder = w.assigneeId ? byId.get(w.assigneeId) : undefined;
    if (w.assigneeId && holder && eligibility(holder, w, v).ok) continue;
    const d = route(w, v, w.assigneeId ? [w.assigneeId] : []);
    if (d.kind === 'assigned') shift(w, d.liaison.userId, w.assigneeId ? `${w.assigneeId} can no longer take it` : 'routed from the queue');
    else if (w.assigneeId) shift(w, null, d.reason);
  }

  const ratio = (id: string) => (load.get(id) ?? 0) / (byId.get(id)?.capacity ?? 1);
  for (let guard = 0; guard < work.length; guard++) {
    const held = ordered.filter((w) => w.assigneeId).sort((a, b) => ratio(b.assigneeId!) - ratio(a.assigneeId!) || b.since.getTime() - a.since.getTime());
    let moved = false;
    for (const w of held) {
      const from = w.assigneeId!;
      const d = route(w, v, [from]);
      if (d.kind !== 'assigned') continue;
      const to = d.liaison;
      if (((load.get(to.userId) ?? 0) + 1) / to.capacity < ratio(from)) {
        shift(w, to.userId, `rebalanced from ${from}`);
        moved = true;
        break;
      }
    }
    if (!moved) break;
  }
  return moves;
}

export interface FairnessRow {
  cityCode: string;
  liaisons: number;
  min: number;
  median: number;
  max: number;
}

/** Min, median and max of open/capacity across a city's active liaisons. */
export function fairness(cityCode: string, ratios: number[]): FairnessRow {
  const s = [...ratios].sort((a, b) => a - b);
  const n = s.length;
  const median = n === 0 ? 0 : n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { cityCode, liaisons: n, min: round(s[0] ?? 0), median: round(median), max: round(s[n - 1] ?? 0) };
}
