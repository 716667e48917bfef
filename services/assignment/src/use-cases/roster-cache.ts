import type { CaseState } from '../domain/case';
import type { RosterView } from '../domain/routing';

type CityView = Omit<RosterView, 'today'>;
type RosterPart = Omit<CityView, 'load'>;
type Load = CityView['load'];

interface Slot<T> {
  loadedAt: number;
  value: T;
}

/**
 * Each city's roster, rules and qualifications, kept in memory for at most `ttlMs`, and its
 * open load per liaison for at most `loadTtlMs`, so routing a filing costs no reads. This
 * instance's own writes update or drop its entries at once; another instance's show within
 * those times. Loads are counts the database re-derives at every refresh, so drift cannot
 * accumulate. They are kept longer than the roster because re-deriving them reads every
 * open case of the city, and this instance's own steps keep them current meanwhile.
 */
export class RosterCache {
  private readonly entries = new Map<string, Slot<RosterPart>>();
  private readonly loads = new Map<string, Slot<Load>>();
  private readonly enterprises = new Map<string, { loadedAt: number; cityCode: string | null }>();
  private readonly loading = new Map<string, Promise<RosterPart>>();
  private readonly loadingLoads = new Map<string, Promise<Load>>();
  /** Bumped by every invalidation: a read that started before one must not be kept. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
    /** A known enterprise city rarely changes (and a change learnt here drops it at once), so it may be kept longer. */
    private readonly enterpriseTtlMs: number = ttlMs,
    private readonly loadTtlMs: number = ttlMs,
  ) {}

  get(cityCode: string): CityView | undefined {
    const roster = this.fresh(this.entries, cityCode, this.ttlMs);
    const load = this.fresh(this.loads, cityCode, this.loadTtlMs);
    return roster && load ? { ...roster, load } : undefined;
  }

  /**
   * The fresh entries, or one read of each stale part shared by every routing of the city
   * that asks meanwhile. `exactLoads` re-reads the loads whatever their age (a manager's
   * rebalance decides from the database's counts).
   */
  async load(cityCode: string, read: { roster: () => Promise<RosterPart>; load: () => Promise<Load> }, opts: { exactLoads?: boolean } = {}): Promise<CityView> {
    const [roster, load] = await Promise.all([
      this.fresh(this.entries, cityCode, this.ttlMs) ?? this.readOnce(this.loading, cityCode, read.roster, (v) => this.setSlot(this.entries, cityCode, v), true),
      (!opts.exactLoads && this.fresh(this.loads, cityCode, this.loadTtlMs)) || this.readOnce(this.loadingLoads, cityCode, read.load, (v) => this.setSlot(this.loads, cityCode, v), false),
    ]);
    return { ...roster, load };
  }

  set(cityCode: string, view: CityView): void {
    const { load, ...roster } = view;
    this.setSlot(this.entries, cityCode, roster);
    this.setSlot(this.loads, cityCode, load);
  }

  private fresh<T>(store: Map<string, Slot<T>>, key: string, ttl: number): T | undefined {
    const slot = store.get(key);
    return slot && this.clock() - slot.loadedAt < ttl ? slot.value : undefined;
  }

  private setSlot<T>(store: Map<string, Slot<T>>, key: string, value: T): void {
    if (this.ttlMs > 0) store.set(key, { loadedAt: this.clock(), value });
  }

  private readOnce<T>(inflight: Map<string, Promise<T>>, key: string, read: () => Promise<T>, keep: (v: T) => void, invalidatable: boolean): Promise<T> {
    let pending = inflight.get(key);
    if (!pending) {
      const generation = this.generation;
      pending = read()
        .then((value) => {
          if (!invalidatable || generation === this.generation) keep(value);
          return value;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
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

  /** Drops one city's roster, or every city's when a change (e.g. a qualification) may touch any; loads stay. */
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
      const liaisons = this.entries.get(next.cityCode)?.value.liaisons ?? [];
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
    const load = this.loads.get(cityCode)?.value;
    load?.set(userId, Math.max(0, (load.get(userId) ?? 0) + by));
  }
}
