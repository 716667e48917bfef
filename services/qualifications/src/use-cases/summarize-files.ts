import type { Identity } from '@metrodesk/access';
import { countPeopleAndUnits, type QualificationStatus } from '../domain/qualification';
import { narrowScope, readScope } from './access';
import type { QualificationsDeps } from './ports';

/** "238 people from 17 units": the distinct people and units of the matching files. */
export async function summarizeFiles(deps: QualificationsDeps, who: Identity, q: { type?: string; status?: QualificationStatus[]; cityCode?: string; employerUscc?: string }) {
  const scope = narrowScope(await readScope(deps, who), q);
  return countPeopleAndUnits(scope ? await deps.files.countable({ scope, type: q.type, status: q.status, employerUscc: q.employerUscc }) : []);
}
