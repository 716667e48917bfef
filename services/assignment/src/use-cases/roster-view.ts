import type { RosterView } from '../domain/routing';
import type { AssignmentDeps } from './ports';

/**
 * Everything routing in one city decides from: from the cache when fresh, else read anew.
 * `exactLoads` counts the open work in the database even when cached counts are fresh.
 */
export async function loadRosterView(deps: AssignmentDeps, cityCode: string, today: string, opts: { exactLoads?: boolean } = {}): Promise<RosterView> {
  const read = {
    roster: async () => {
      const [liaisons, rules] = await Promise.all([deps.liaisons.inCity(cityCode), deps.rules.get(cityCode)]);
      return { liaisons, rules };
    },
    load: () => deps.cases.load(cityCode),
    loadOf: (userId: string) => deps.cases.loadOf(userId),
  };
  if (deps.rosterCache) return { ...(await deps.rosterCache.load(cityCode, read, opts)), today };
  const [roster, load] = await Promise.all([read.roster(), read.load()]);
  return { ...roster, load, today };
}
