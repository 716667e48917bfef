import { policyLookupOrder, type Policy } from '../domain/policy';
import type { SlaDeps } from './ports';

/** The current policy for a category and priority: the most specific one that exists. */
export async function resolvePolicy(deps: Pick<SlaDeps, 'policies'>, category: string, priority: string): Promise<Policy> {
  for (const id of policyLookupOrder(category, priority)) {
    const p = await deps.policies.current(id);
    if (p) return p;
  }
  // Defaults are seeded at start-up; reaching this means the database was emptied under us.
  throw Object.assign(new Error(`no SLA policy for ${category}/${priority}`), { transient: true });
}
