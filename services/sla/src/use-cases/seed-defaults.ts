import { DEFAULT_POLICIES, policyId } from '../domain/policy';
import type { Calendar } from '../domain/calendar';
import type { SlaDeps } from './ports';

/**
 * First start: loads the shipped calendars that are not in the database yet and the default
 * policies. Anything already stored (edited through the API) is left alone.
 */
export async function seedDefaults(deps: Pick<SlaDeps, 'policies' | 'calendars' | 'now'>, calendars: Calendar[]): Promise<void> {
  const now = deps.now?.() ?? new Date();
  for (const cal of calendars) {
    if (!(await deps.calendars.find(cal.id))) await deps.calendars.save(cal, now);
  }
  for (const d of DEFAULT_POLICIES) {
    const id = policyId(d.category, d.priority);
    if (await deps.policies.current(id)) continue;
    await deps.policies.insertVersion({ id, category: d.category, priority: d.priority, version: 1, ...d.rules, createdBy: 'system', createdAt: now });
  }
}
