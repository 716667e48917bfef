import type { RosterView } from '../domain/routing';
import type { AssignmentDeps } from './ports';

/** Everything routing in one city decides from: from the cache when fresh, else read anew. */
export async function loadRosterView(deps: AssignmentDeps, cityCode: string, today: string): Promise<RosterView> {
  const read = async () => {
    const [liaisons, rules, load] = await Promise.all([deps.liaisons.inCity(cityCode), deps.rules.get(cityCode), deps.cases.load(cityCode)]);
    const keys = [...new Set(liaisons.map((l) => l.verifierKey).filter((k): k is string => !!k))];
    const filesByPerson = keys.length > 0 ? await deps.files.byPersons(keys) : new Map();
    return { liaisons, rules, filesByPerson, load };
  };
  const view = deps.rosterCache ? await deps.rosterCache.load(cityCode, read) : await read();
  return { ...view, today };
}
