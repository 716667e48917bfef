import type { Employer } from '../domain/employer';
import type { EmployerRepository } from './ports';

/** Keeps the newest copy of an enterprise: a late or repeated event never rolls it back. */
export function projectEmployer(deps: { employers: EmployerRepository }, snapshot: Employer): Promise<boolean> {
  return deps.employers.upsertNewer(snapshot);
}
