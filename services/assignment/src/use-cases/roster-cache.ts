import type { CaseState } from '../domain/case';
import type { RosterView } from '../domain/routing';

type CityView = Omit<RosterView, 'today'>;

/**
 * Each city's roster, rules, qualifications and open load, kept in memory for at most
 * `ttlMs`, so routing a filing costs no reads of them. This instance's own writes update or
 * drop the entry at once; another instance's writes show within `ttlMs`. Loads are counts
 * the database re-derives at every refresh, so drift cannot accumulate.
 */
export class RosterCache {
  private readonly entries = new Map<string, { loadedAt: number; view: CityView }>();
  private readonly enterprises = new Map<string, { loadedAt: number; cityCode: string | null }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(cityCode: string): CityView | undefined {
    const e = this.entries.get(cityCode);
    if (!e || this.clock() - e.loadedAt >= this.ttlMs) return undefined;
    return e.view;
  }

  set(cityCode: string, view: CityView): void {
    if (this.ttlMs > 0) this.entries.set(cityCode, { loadedAt: this.clock(), view });
  }

  /** undefined: not known here (or too old); null: known to be missing from the projection. */
  enterpriseCity(enterpriseId: string): string | null | undefined {
    const e = this.enterprises.get(enterpriseId);
    return e && this.clock() - e.loadedAt < this.ttlMs ? e.cityCode : undefined;
  }

  rememberEnterprise(enterpriseId: string, cityCode: string | null): void {
    if (this.ttlMs <= 0) return;
    // Bounded: the oldest entries go first (a Map iterates in insertion order).
    if (this.enterprises.size >= 10_000) this.enterprises.delete(this.enterprises.keys().next().value!);
    this.enterprises.set(enterpriseId, { loadedAt: this.clock(), cityCode });
  }

  forgetEnterprise(enterpriseId: string): void {
    this.enterprises.delete(enterpriseId);
  }

  /** Drops one city, or every city when a change (e.g. a qualification) may touch any. */
  invalidate(cityCode?: string): void {
    if (cityCode) this.entries.delete(cityCode);
    else this.entries.clear();
  }

  /** Mirrors a committed step: the old holder's load goes down, the new one's up. */
  applied(prev: CaseState | null, next: CaseState, toAssigneeId: string | null, at: Date): void {
    if (prev?.status === 'assigned' && prev.assigneeId) this.bump(prev.cityCode, prev.assigneeId, -1);
    if (next.status === 'assigned' && next.assigneeId) this.bump(next.cityCode, next.assigneeId, +1);
    if (toAssigneeId && next.assigneeId === toAssigneeId) {
      const view = this.entries.get(next.cityCode)?.view;
      if (view) view.liaisons = view.liaisons.map((l) => (l.userId === toAssigneeId && (l.lastAssignedAt?.getTime() ?? -1) < at.getTime() ? { ...l, lastAssignedAt: at } : l));
    }
  }

  private bump(cityCode: string, userId: string, by: number) {
    const view = this.entries.get(cityCode)?.view;
    if (!view) return;
    const load = new Map(view.load);
    load.set(userId, Math.max(0, (load.get(userId) ?? 0) + by));
    view.load = load;
  }
}
