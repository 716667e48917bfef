import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { ForbiddenError, ValidationError } from '@metrodesk/errors';
import type { http } from '@metrodesk/contracts';
import { workOf } from '../domain/case';
import { bureausOf, localDate, onLeave } from '../domain/roster';
import { canTake, compareLoad, loadOf } from '../domain/routing';
import type { AssignmentDeps } from './ports';
import { loadRosterView } from './roster-view';
import { visibleCase } from './visible-case';

/** One row of the picker, as contracts/http/assignment.yaml defines it. */
export type Candidate = http.assignment.components['schemas']['Candidate'];

/**
 * Who could take this request now, for a picker by name: the roster of the request's bureau
 * (or of another bureau in the caller's scope, for a transfer), each with their load and,
 * when they cannot take it, why. Those who can come first, least loaded first.
 */
export async function listEligibleLiaisons(deps: AssignmentDeps, who: Identity, requestId: string, cityCode?: string): Promise<Candidate[]> {
  requireRole(who, 'liaison', 'city_manager', 'province_manager', 'admin');
  const { state } = await visibleCase(deps, who, requestId);
  const city = cityCode ?? state.cityCode;
  const bureau = bureausOf(deps.bureaus()).find((b) => b.code === city);
  if (!bureau) throw new ValidationError([{ path: 'cityCode', message: `there is no bureau with region code ${city}` }]);
  if (!canSee(who, { cityCode: city })) throw new ForbiddenError(`You can see the roster of your own city (${who.cityCode}) only.`);
  const view = await loadRosterView(deps, city, localDate(deps.now?.() ?? new Date()));
  const work = workOf(state);
  const rows = view.liaisons.map((l) => {
    const e = canTake(l, work, view);
    const holds = state.status === 'assigned' && state.assigneeId === l.userId;
    const why = holds ? ('current_assignee' as const) : e.ok ? null : e.why;
    const reason = holds ? `${l.name} already holds it` : e.ok ? null : e.reason;
    return { l, row: { userId: l.userId, name: l.name, cityCode: l.cityCode, cityName: bureau.name, open: loadOf(view, l.userId), capacity: l.capacity, onLeave: onLeave(l, view.today), eligible: why === null, why, reason } };
  });
  rows.sort((a, b) => Number(b.row.eligible) - Number(a.row.eligible) || compareLoad(view, a.l, b.l));
  return rows.map((r) => r.row);
}
