import type { AssignmentDeps } from './ports';

/** The enterprise's city from the accounts projection, through the roster cache when fresh. */
export async function enterpriseCity(deps: AssignmentDeps, enterpriseId: string): Promise<string | null> {
  const cached = deps.rosterCache?.enterpriseCity(enterpriseId);
  if (cached !== undefined) return cached;
  const city = await deps.enterprises.cityOf(enterpriseId);
  deps.rosterCache?.rememberEnterprise(enterpriseId, city);
  return city;
}
