import { requireRole, scopeFilter, type Identity } from '@metrodesk/access';
import type { QualificationFile } from '../domain/roster';
import type { AssignmentDeps } from './ports';
import { STAFF } from './list-bureaus';

export interface Institute {
  employerUscc: string;
  employerName: string | null;
  cityCode: string | null;
  verifiers: { personKey: string; personName: string; qualifications: QualificationFile[] }[];
}

/** Testing institutes and their verifiers, as the qualification files describe them. */
export async function listVerifiers(deps: AssignmentDeps, who: Identity, cityCode?: string): Promise<Institute[]> {
  requireRole(who, ...STAFF);
  const own = scopeFilter(who, { city: 'cityCode', enterprise: 'enterpriseId' }).cityCode;
  if (own && cityCode && cityCode !== own) return [];
  const files = await deps.files.list(own ?? cityCode);
  const institutes = new Map<string, Institute>();
  for (const f of files) {
    const inst = institutes.get(f.employerUscc) ?? { employerUscc: f.employerUscc, employerName: f.employerName, cityCode: f.cityCode, verifiers: [] };
    institutes.set(f.employerUscc, inst);
    let person = inst.verifiers.find((v) => v.personKey === f.personKey);
    if (!person) inst.verifiers.push((person = { personKey: f.personKey, personName: f.personName, qualifications: [] }));
    person.qualifications.push(f);
  }
  return [...institutes.values()].sort((a, b) => a.employerUscc.localeCompare(b.employerUscc));
}
