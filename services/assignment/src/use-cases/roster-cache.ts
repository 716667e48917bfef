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
  private readonly loading = new Map<string, Promise<CityView>>();
  /** Bumped by every invalidation: a read that started before one must not be kept. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
    /** A known enterprise city rarely changes (and a change learnt here drops it at once), so it may be kept longer. */
    private readonly enterpriseTtlMs: number = ttlMs,
  ) {}

  get(cityCode: string): CityView | undefined {
    const e = this.entries.get(cityCode);
    if (!e || this.clock() - e.loadedAt >= this.ttlMs) return undefined;
    return e.view;
  }

  /** The fresh entry, or one read shared by every routing of the city that asks meanwhile. */
  async load(cityCode: string, read: () => Promise<CityView>): Promise<CityView> {
    const fresh = this.get(cityCode);
    if (fresh) return fresh;
    let loading = this.loading.get(cityCode);
    if (!loading) {
      const generation = this.generation;
      loading = read()
        .then((view) => {
          if (generation === this.generation) this.set(cityCode, view);
          return view;
        })
        .finally(() => this.loading.delete(cityCode));
      this.loading.set(cityCode, loading);
    }
    return loading;
  }

  set(cityCode: string, view: CityView): void {
    if (this.ttlMs > 0) this.entries.set(cityCode, { loadedAt: this.clock(), view });
  }

  /** undefined: not known here (or too old); null: known to be missing from the projection. */
  enterpriseCity(enterpriseId: string): string | null | undefined {
    const e = this.enterprises.get(enterpriseId);
    return e && this.clock() - e.loadedAt < (e.cityCode ? this.enterpriseTtlMs : this.ttlMs) ? e.cityCode : undefined;
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
    this.generation += 1;
    if (cityCode) this.entries.delete(cityCode);
    else this.entries.clear();
  }

  /** Mirrors a committed step: the old holder's load goes down, the new one's up. */
  applied(prev: CaseState | null, next: CaseState, toAssigneeId: string | null, at: Date): void {
    if (prev?.status === 'assigned' && prev.assigneeId) this.bump(prev.cityCode, prev.assigneeId, -1);
    if (next.status === 'assigned' && next.assigneeId) this.bump(next.cityCode, next.assigneeId, +1);
    if (toAssigneeId && next.assigneeId === toAssigneeId) {
      const liaisons = this.entries.get(next.cityCode)?.view.liaisons ?? [];
      const i = liaisons.findIndex((l) => l.userId === toAssigneeId && (l.lastAssignedAt?.getTime() ?? -1) < at.getTime());
      if (i >= 0) liaisons[i] = { ...liaisons[i]!, lastAssignedAt: at };
    }
  }

  /** Takes back `applied` for a step whose write was refused (its round-robin mark stays: harmless). */
  undo(prev: CaseState | null, next: CaseState): void {
    if (next.status === 'assigned' && next.assigneeId) this.bump(next.cityCode, next.assigneeId, -1);
    if (prev?.status === 'assigned' && prev.assigneeId) this.bump(prev.cityCode, prev.assigneeId, +1);
  }

  // In place: views already handed out share these objects, so a routing decision made
  // after an await still sees every choice made meanwhile.
  private bump(cityCode: string, userId: string, by: number) {
    const load = this.entries.get(cityCode)?.view.load;
    load?.set(userId, Math.max(0, (load.get(userId) ?? 0) + by));
  }
}
