import { isProvinceWide, requireRole, type Identity } from '@metrodesk/access';
import { ValidationError } from '@metrodesk/errors';
import { checkIdNumber, maskId, personKey } from '@metrodesk/privacy';
import { ORGANISER_ROLES } from '../domain/visibility';
import type { TrainingDeps } from './ports';
import { viewEnrolment, type EnrolmentView } from './view-enrolment';

export interface TrainingHistory {
  personKey: string;
  idNumberMasked: string;
  totalHours: number;
  items: EnrolmentView[];
}

/** Found by keyed hash: the ID number is never stored or searched in the clear. City roles see their city's sessions. */
export async function trainingHistory(deps: TrainingDeps, who: Identity, idNumber: string): Promise<TrainingHistory> {
  requireRole(who, ...ORGANISER_ROLES);
  const id = checkIdNumber(idNumber);
  if (!id.ok) throw new ValidationError([{ path: 'idNumber', message: `invalid ID number: ${id.reason}` }]);
  const key = personKey(deps.privacy.hashKey, id.idNumber);
  const found = await deps.enrolments.listByPerson(key, isProvinceWide(who) ? undefined : who.cityCode);
  return {
    personKey: key,
    idNumberMasked: maskId(id.idNumber),
    totalHours: found.reduce((sum, e) => sum + e.hours, 0),
    items: found.map((e) => viewEnrolment(deps, who, e)),
  };
}
