import type { CaseState } from '../domain/case';
import type { RosterView } from '../domain/routing';

type CityView = Omit<RosterView, 'today'>;
type RosterPart = Omit<CityView, 'load'>;
type Load = CityView['load'];

interface Slot<T> {
  loadedAt: number;
  value: T;
}

/** One city's open work per liaison, and when each liaison's count was last read. */
interface CityLoads {
  counts: Load;
  countedAt: Map<string, number>;
  lastRecount: number;
  /** The liaison being recounted, and the changes this instance made to them meanwhile. */
  recounting?: { userId: string; delta: number };
}

export interface CityReads {
  roster: () => Promise<RosterPart>;
  /** Every liaison's open work in the city: the first time, and for exact loads. */
  load: () => Promise<Load>;
  /** One liaison's open work. */
  loadOf: (userId: string) => Promise<number>;
}

/**
 * Each city's roster and rules, kept in memory for at most `ttlMs`, and its
 * open load per liaison, so routing a filing costs no reads. This instance's own writes
 * update or drop its entries at once. The loads are counted in full once; after that one
 * liaison at a time is recounted, the one counted longest ago, spread so that each is
 * recounted every `loadTtlMs`: another instance's work shows within that time, drift
 * cannot accumulate, and no recount reads more than one liaison's open cases (a full
 * recount reads every open case of the city at once, a burst that shows in the filed ->
 * assigned tail).
 */
export class RosterCache {
  private readonly entries = new Map<string, Slot<RosterPart>>();
  private readonly loads = new Map<string, CityLoads>();
  private readonly enterprises = new Map<string, { loadedAt: number; cityCode: string | null }>();
  private readonly loading = new Map<string, Promise<RosterPart>>();
  private readonly loadingLoads = new Map<string, Promise<CityLoads>>();
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
    const loads = this.loads.get(cityCode);
    return roster && loads ? { ...roster, load: loads.counts } : undefined;
  }

  /**
   * The city's entries. A roster past its time is still served while one read, shared by
   * every routing of the city that asks meanwhile, refreshes it behind (up to three times
   * its time; older, or dropped by an invalidation, it is waited for), so routing never
   * stalls on a periodic refresh. Loads are counted in full the first time, and then kept
   * current by rolling recounts behind the routing. `exactLoads` waits for a full count
   * (a manager's rebalance decides from the database's counts).
   */
  async load(cityCode: string, read: CityReads, opts: { exactLoads?: boolean } = {}): Promise<CityView> {
    const known = this.loads.get(cityCode);
    const [roster, loads] = await Promise.all([
      this.roster(cityCode, read.roster),
      known && !opts.exactLoads ? known : this.countAll(cityCode, read.load),
    ]);
    this.roll(cityCode, loads, roster, read.loadOf);
    return { ...roster, load: loads.counts };
  }

  set(cityCode: string, view: CityView): void {
    const { load, ...roster } = view;
    this.setSlot(this.entries, cityCode, roster);
    if (this.ttlMs > 0) this.loads.set(cityCode, { counts: load, countedAt: new Map(), lastRecount: this.clock() });
  }

  private countAll(cityCode: string, read: () => Promise<Load>): Promise<CityLoads> {
    let pending = this.loadingLoads.get(cityCode);
    if (!pending) {
      pending = read()
        .then((counts) => {
          const now = this.clock();
          const loads: CityLoads = { counts, countedAt: new Map([...counts.keys()].map((id) => [id, now])), lastRecount: now };
          if (this.ttlMs > 0) this.loads.set(cityCode, loads);
          return loads;
        })
        .finally(() => this.loadingLoads.delete(cityCode));
      this.loadingLoads.set(cityCode, pending);
    }
    return pending;
  }

  /** Recounts the liaison counted longest ago, if it is time, behind the routing. */
  private roll(cityCode: string, loads: CityLoads, roster: RosterPart, loadOf: (userId: string) => Promise<number>): void {
    if (loads.recounting || this.loads.get(cityCode) !== loads) return;
    // Called for every routing: a cheap test first (the union has at most this many).
    const now = this.clock();
    const atMost = roster.liaisons.length + loads.counts.size;
    if (atMost === 0 || now - loads.lastRecount < this.loadTtlMs / atMost) return;
    const ids = [...new Set([...roster.liaisons.map((l) => l.userId), ...loads.counts.keys()])];
    if (now - loads.lastRecount < this.loadTtlMs / ids.length) return;
    const oldest = ids.reduce((a, b) => ((loads.countedAt.get(b) ?? 0) < (loads.countedAt.get(a) ?? 0) ? b : a));
    const recounting = { userId: oldest, delta: 0 };
    loads.lastRecount = now;
    loads.recounting = recounting;
    loadOf(oldest)
      .then((n) => {
        // Steps this instance took meanwhile were counted here, but their cases may have
        // been written after the count read them.
        loads.counts.set(oldest, Math.max(0, n + recounting.delta));
        loads.countedAt.set(oldest, this.clock());
      })
      // A failed recount is tried again later.
      .catch(() => undefined)
      .finally(() => (loads.recounting = undefined));
  }

  private fresh<T>(store: Map<string, Slot<T>>, key: string, ttl: number): T | undefined {
    const slot = store.get(key);
    return slot && this.clock() - slot.loadedAt < ttl ? slot.value : undefined;
  }

  private setSlot<T>(store: Map<string, Slot<T>>, key: string, value: T): void {
    if (this.ttlMs > 0) store.set(key, { loadedAt: this.clock(), value });
  }

  /** The city's roster: fresh, or stale while one shared read refreshes it (see `load`). */
  private roster(cityCode: string, read: () => Promise<RosterPart>): RosterPart | Promise<RosterPart> {
    const slot = this.entries.get(cityCode);
    const age = slot ? this.clock() - slot.loadedAt : Infinity;
    if (slot && age < this.ttlMs) return slot.value;
    let next = this.loading.get(cityCode);
    if (!next) {
      const generation = this.generation;
      next = read()
        .then((value) => {
          // An invalidation while it was read: the value may predate the change.
          if (generation === this.generation) this.setSlot(this.entries, cityCode, value);
          return value;
        })
        .finally(() => this.loading.delete(cityCode));
      this.loading.set(cityCode, next);
    }
    if (!slot || age >= 3 * this.ttlMs) return next;
    // Served stale meanwhile; a failed refresh is tried again by the next routing.
    next.catch(() => undefined);
    return slot.value;
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

  /** Drops one city's roster, or every city's when a change may touch any; loads stay. */
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
    const loads = this.loads.get(cityCode);
    if (!loads) return;
    loads.counts.set(userId, Math.max(0, (loads.counts.get(userId) ?? 0) + by));
    if (loads.recounting?.userId === userId) loads.recounting.delta += by;
  }
}
