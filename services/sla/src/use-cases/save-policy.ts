import { actorFor, requireRole, type Identity } from '@metrodesk/access';
import { ConflictError, ValidationError, VersionConflictError } from '@metrodesk/errors';
import { policyId, policyProblems, type Policy, type PolicyRules } from '../domain/policy';
import type { SlaDeps } from './ports';
import { policySavedEvent } from './policy-events';

/**
 * Saves a new version of the policy for a category and priority. Clocks already running
 * keep the version they started with until a manager re-applies. `expectedVersion` is the
 * version the caller saw (0 for a new policy); a stale one is a 409.
 */
export async function savePolicy(
  deps: Pick<SlaDeps, 'policies' | 'calendars' | 'now'> & Partial<Pick<SlaDeps, 'notify'>>,
  who: Identity,
  category: string,
  priority: string,
  rules: PolicyRules,
  expectedVersion: number,
): Promise<Policy> {
  requireRole(who, 'province_manager', 'admin');
  const problems = policyProblems(rules);
  if (!(await deps.calendars.find(rules.calendarId))) problems.push({ path: 'calendarId', message: `unknown calendar ${rules.calendarId}` });
  if (problems.length > 0) throw new ValidationError(problems);
  const id = policyId(category, priority);
  const current = await deps.policies.current(id);
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== expectedVersion) throw new VersionConflictError('policy', id, expectedVersion, currentVersion);
  const policy: Policy = {
    id,
    category,
    priority,
    version: currentVersion + 1,
    ...rules,
    warnAt: [...rules.warnAt].sort((a, b) => a - b),
    createdBy: who.userId,
    createdAt: deps.now?.() ?? new Date(),
  };
  if (!(await deps.policies.insertVersion(policy, [policySavedEvent(policy, current, actorFor(who))]))) throw new ConflictError('version_conflict', `The policy ${id} was changed by someone else; reload and try again.`);
  deps.notify?.();
  return policy;
}
