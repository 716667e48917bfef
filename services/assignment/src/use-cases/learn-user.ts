import { CATEGORIES } from '../domain/roster';
import type { AssignmentDeps } from './ports';
import { reassignOpenWork } from './reassign-open-work';

export interface UserData {
  userId: string;
  version: number;
  name: string;
  role: string;
  cityCode?: string | null;
  active: boolean;
}

/**
 * Keeps the managers (escalation targets) and the liaison roster in step with identity.
 * A liaison who is disabled or changes role hands their open work to others.
 */
export async function learnUser(deps: AssignmentDeps, u: UserData, at: Date): Promise<void> {
  await deps.users.upsert({ userId: u.userId, name: u.name, role: u.role, cityCode: u.cityCode ?? null, active: u.active, version: u.version });
  const isLiaison = u.role === 'liaison' && u.active && !!u.cityCode;
  const before = await deps.liaisons.findById(u.userId);
  if (!before && !isLiaison) return;
  await deps.liaisons.learn({ userId: u.userId, name: u.name, cityCode: u.cityCode ?? null, isLiaison, version: u.version }, { categories: [...CATEGORIES], capacity: deps.defaultCapacity }, at);
  const after = await deps.liaisons.findById(u.userId);
  for (const city of new Set([before?.cityCode, after?.cityCode])) if (city) deps.rosterCache?.invalidate(city);
  if (before?.accountActive && after && !after.accountActive) await reassignOpenWork(deps, u.userId, 'system');
}
