import { actorFor, canSee, requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import { workOf } from '../domain/case';
import { localDate } from '../domain/roster';
import { planRebalance, type Move } from '../domain/routing';
import { commitStep } from './commit-step';
import type { AssignmentDeps } from './ports';
import { loadRosterView } from './roster-view';
import { placeWork } from './place-work';

/**
 * Rebalances one city on demand: routes its queue, moves work off people who can no longer
 * take it, and evens out the load. Each planned move is applied only if the request is still
 * where the plan saw it.
 */
export async function rebalanceCity(deps: AssignmentDeps, who: Identity, cityCode: string): Promise<Move[]> {
  requireRole(who, 'city_manager', 'province_manager', 'admin');
  if (!canSee(who, { cityCode })) throw new NotFoundError('bureau', cityCode);
  const at = deps.now?.() ?? new Date();
  const view = await loadRosterView(deps, cityCode, localDate(at), { exactLoads: true });
  const open = await deps.cases.openInCity(cityCode);
  const plan = planRebalance(
    open.map((s) => ({ ...workOf(s), requestId: s.requestId, assigneeId: s.assigneeId, since: s.assignedAt ?? new Date(0) })),
    view,
  );
  const byId = new Map(view.liaisons.map((l) => [l.userId, l]));
  const applied: Move[] = [];
  for (const move of plan) {
    const step = await commitStep(deps, move.requestId, async (current) => {
      const s = current?.state;
      if (!s || s.cityCode !== cityCode || !['queued', 'assigned'].includes(s.status) || s.assigneeId !== move.from) return null;
      const to = move.to ? byId.get(move.to) : undefined;
      const decision = to ? { kind: 'assigned' as const, liaison: to } : { kind: 'unroutable' as const, reason: move.reason };
      return placeWork(deps, current, s, decision, { at, by: who.userId, how: 'rebalance', actor: actorFor(who) });
    });
    if (step) applied.push(move);
  }
  return applied;
}
