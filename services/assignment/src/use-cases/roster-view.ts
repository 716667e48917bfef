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
      const keys = [...new Set(liaisons.map((l) => l.verifierKey).filter((k): k is string => !!k))];
      const filesByPerson = keys.length > 0 ? await deps.files.byPersons(keys) : new Map();
      return { liaisons, rules, filesByPerson };
    },
    load: () => deps.cases.load(cityCode),
    loadOf: (userId: string) => deps.cases.loadOf(userId),
  };
  if (deps.rosterCache) return { ...(await deps.rosterCache.load(cityCode, read, opts)), today };
  const [roster, load] = await Promise.all([read.roster(), read.load()]);
  return { ...roster, load, today };
}
