import type { Request, SlaState } from '../api/requests';

export type Badge = 'breached' | 'warning' | 'on_track' | 'paused' | 'met' | 'none';

const OPEN = new Set(['filed', 'assigned', 'responded', 'in_progress', 'waiting_enterprise']);

/** The deadline that matters now: response until responded, then resolution. */
export function activeDeadline(r: Pick<Request, 'sla' | 'respondedAt' | 'state'>): { deadline: number | null; paused: boolean; kind: 'response' | 'resolution' | null } {
  const sla = r.sla;
  if (!sla || !OPEN.has(r.state)) return { deadline: null, paused: false, kind: null };
  const clock = !r.respondedAt && sla.response && sla.response.status !== 'met' ? sla.response : sla.resolution;
  const kind = clock === sla.response ? 'response' : 'resolution';
  if (clock && (clock.status === 'paused' || r.state === 'waiting_enterprise')) return { deadline: null, paused: true, kind };
  const iso = clock?.deadline ?? sla.nextDeadline;
  const t = iso ? Date.parse(iso) : NaN;
  return { deadline: Number.isNaN(t) ? null : t, paused: false, kind };
}

/** The badge a queue row shows; a breach stays a breach even if the clock was then met. */
export function badgeFor(r: Pick<Request, 'sla' | 'respondedAt' | 'state'>, now: number): Badge {
  const state: SlaState = r.sla?.state ?? 'none';
  const anyBreached = state === 'breached' || !!r.sla?.response?.breached || !!r.sla?.resolution?.breached;
  if (anyBreached) return 'breached';
  const { deadline, paused } = activeDeadline(r);
  if (paused) return 'paused';
  if (deadline !== null && deadline <= now) return 'breached';
  if (state === 'warning') return 'warning';
  if (state === 'met') return 'met';
  if (deadline === null) return state === 'on_track' ? 'on_track' : 'none';
  return 'on_track';
}

const RANK: Record<Badge, number> = { breached: 0, warning: 1, on_track: 2, paused: 3, met: 4, none: 5 };

/**
 * Queue order: breached first, then warnings, then by nearest deadline; paused and
 * finished ones last. Ties keep filing order (oldest first).
 */
export function byUrgency(now: number) {
  return (a: Request, b: Request): number => {
    const ra = RANK[badgeFor(a, now)];
    const rb = RANK[badgeFor(b, now)];
    if (ra !== rb) return ra - rb;
    const da = activeDeadline(a).deadline ?? Infinity;
    const db = activeDeadline(b).deadline ?? Infinity;
    if (da !== db) return da - db;
    return Date.parse(a.filedAt) - Date.parse(b.filedAt);
  };
}
