import type { QualificationFile } from '../domain/roster';
import type { AssignmentDeps } from './ports';

/** Keeps the newest version of a verifier's qualification file for the routing gate. */
export async function learnQualification(deps: AssignmentDeps, f: Omit<QualificationFile, 'employerName' | 'cityCode'> & { employerName?: string | null; cityCode?: string | null }): Promise<void> {
  await deps.files.upsert({ ...f, employerName: f.employerName ?? null, cityCode: f.cityCode ?? null });
  // Verifiers link to files by personKey, in any city.
  deps.rosterCache?.invalidate();
}
