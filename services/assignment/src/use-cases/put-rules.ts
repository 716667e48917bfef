import { actorFor, canSee, requireRole, type Identity } from '@metrodesk/access';
import { eventFor } from '@metrodesk/events/model';
import { rulesChanged } from '@metrodesk/contracts';
import { ForbiddenError, ValidationError } from '@metrodesk/errors';
import type { CategoryRule, RoutingRules } from '../domain/roster';
import type { AssignmentDeps } from './ports';

export interface PutRulesInput {
  version: number;
  categories: CategoryRule[];
}

/** Replaces a city's routing rules; the version guards against overwriting a colleague's edit. */
export async function putRules(deps: AssignmentDeps, who: Identity, cityCode: string, input: PutRulesInput): Promise<RoutingRules> {
  requireRole(who, 'city_manager', 'province_manager', 'admin');
  if (!canSee(who, { cityCode })) throw new ForbiddenError(`You can set the rules of your own city (${who.cityCode}) only.`);
  const { province, cities } = deps.bureaus();
  const known = new Set([province.code, ...cities.map((c) => c.code)]);
  const problems: { path: string; message: string }[] = [];
  if (!known.has(cityCode)) problems.push({ path: 'cityCode', message: `unknown bureau ${cityCode}` });
  const seen = new Set<string>();
  input.categories.forEach((r, i) => {
    if (seen.has(r.category)) problems.push({ path: `categories.${i}.category`, message: `${r.category} has more than one rule` });
    seen.add(r.category);
    if (r.routeToCityCode && (!known.has(r.routeToCityCode) || r.routeToCityCode === cityCode)) problems.push({ path: `categories.${i}.routeToCityCode`, message: `must be another known bureau` });
  });
  if (problems.length > 0) throw new ValidationError(problems);
  const now = deps.now?.() ?? new Date();
  const previous = input.version > 0 ? (await deps.rules.get(cityCode)).categories : null;
  const rules = await deps.rules.put({ cityCode, categories: input.categories, updatedAt: now, updatedBy: who.userId }, input.version, (version) => [
    eventFor(rulesChanged, { subject: cityCode, source: 'assignment', time: now, actor: actorFor(who), data: { cityCode, version, categories: input.categories, previous } }),
  ]);
  deps.rosterCache?.invalidate(cityCode);
  return rules;
}
