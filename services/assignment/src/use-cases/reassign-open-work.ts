import { localDate } from '../domain/roster';
import { route } from '../domain/routing';
import { workOf } from '../domain/case';
import { commitStep } from './commit-step';
import type { AssignmentDeps } from './ports';
import { loadRosterView } from './roster-view';
import { placeWork } from './place-work';

/**
 * Hands a liaison's open work to others when they go on leave or leave the roster; what
 * nobody can take goes to the city's queue. Each request moves in its own step, so a
 * request that changed meanwhile is left as it is.
 */
export async function reassignOpenWork(deps: AssignmentDeps, liaisonId: string, by: string): Promise<{ moved: number; queued: number }> {
  const at = deps.now?.() ?? new Date();
  let moved = 0;
  let queued = 0;
  for (const open of await deps.cases.openOf(liaisonId)) {
    const step = await commitStep(deps, open.requestId, async (current) => {
      const s = current?.state;
      if (!s || s.status !== 'assigned' || s.assigneeId !== liaisonId) return null;
      const view = await loadRosterView(deps, s.cityCode, localDate(at));
      return placeWork(deps, current, s, route(workOf(s), view, [liaisonId]), { at, by, how: 'leave' });
    });
    if (step?.kind === 'assigned') moved += 1;
    else if (step) queued += 1;
  }
  return { moved, queued };
}
