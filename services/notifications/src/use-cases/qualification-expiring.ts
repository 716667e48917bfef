import { mayBeTold } from '../domain/people';
import type { EmployerRepository, NotifyDeps } from './ports';
import { tell } from './notify';

export interface ExpiringFile {
  eventId: string;
  personName: string;
  employerUscc: string;
  type: string;
  expiresOn: string;
}

/**
 * Tells the users of the holder's employer that a staff member's qualification file is about
 * to expire. An employer not (yet) known as an enterprise has nobody to tell.
 */
export async function notifyQualificationExpiring(deps: NotifyDeps & { employers: EmployerRepository }, f: ExpiringFile): Promise<number> {
  const employer = await deps.employers.byUscc(f.employerUscc);
  if (!employer) return 0;
  const scope = { enterpriseId: employer.enterpriseId, cityCode: employer.cityCode, assigneeId: null };
  const people = (await deps.people.ofEnterprise(employer.enterpriseId)).filter((p) => mayBeTold(p, scope));
  for (const p of people) {
    await tell(deps, p, { eventId: f.eventId, kind: 'qualification_expiring', requestId: null, urgent: false, title: null, details: { personName: f.personName, qualification: f.type, expiresOn: f.expiresOn } });
  }
  return people.length;
}
