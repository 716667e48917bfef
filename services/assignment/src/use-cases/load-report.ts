import { requireRole, scopeFilter, type Identity } from '@metrodesk/access';
import { localDate, onLeave } from '../domain/roster';
import type { AssignmentDeps } from './ports';
import { STAFF } from './list-bureaus';

export interface LoadRow {
  userId: string;
  name: string;
  cityCode: string;
  open: number;
  capacity: number;
  ratio: number;
  available: boolean;
}

/** Open assignments against capacity for each liaison in scope. */
export async function loadReport(deps: AssignmentDeps, who: Identity, cityCode?: string): Promise<LoadRow[]> {
  requireRole(who, ...STAFF);
  const own = scopeFilter(who, { city: 'cityCode', enterprise: 'enterpriseId' }).cityCode;
  if (own && cityCode && cityCode !== own) return [];
  const city = own ?? cityCode;
  const [liaisons, load] = await Promise.all([deps.liaisons.all(city), deps.cases.load(city)]);
  const today = localDate(deps.now?.() ?? new Date());
  return liaisons.map((l) => {
    const open = load.get(l.userId) ?? 0;
    return { userId: l.userId, name: l.name, cityCode: l.cityCode, open, capacity: l.capacity, ratio: Math.round((open / l.capacity) * 1000) / 1000, available: l.active && l.accountActive && !onLeave(l, today) };
  });
}
