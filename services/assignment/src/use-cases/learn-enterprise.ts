import type { AssignmentDeps } from './ports';

/** The enterprise's city is the request's territory; a newer snapshot replaces an older one. */
export async function learnEnterprise(deps: AssignmentDeps, e: { enterpriseId: string; cityCode: string; name: string; version: number }): Promise<void> {
  await deps.enterprises.upsert(e);
  // Forget rather than remember: the upsert may have kept a newer snapshot than this one.
  deps.rosterCache?.forgetEnterprise(e.enterpriseId);
}
