import type { Identity } from '@metrodesk/access';
import { NotFoundError, ValidationError } from '@metrodesk/errors';
import { checkIdNumber, maskId, personKey } from '@metrodesk/privacy';
import type { TrainingDeps } from './ports';
import { recordsScope } from './records-scope';
import { viewEnrolment, type EnrolmentView } from './view-enrolment';

export interface TrainingHistory {
  personKey: string;
  idNumberMasked: string;
  totalHours: number;
  items: EnrolmentView[];
}

/**
 * Found by keyed hash: the ID number is never stored or searched in the clear. City roles see
 * their city's sessions, an enterprise user its own staff's records; a person with nothing the
 * caller may see is missing to them (404), so a look-up tells them nothing about anyone else.
 */
export async function trainingHistory(deps: TrainingDeps, who: Identity, idNumber: string): Promise<TrainingHistory> {
  const scope = await recordsScope(deps, who);
  const id = checkIdNumber(idNumber);
  if (!id.ok) throw new ValidationError([{ path: 'idNumber', message: `invalid ID number: ${id.reason}` }]);
  const key = personKey(deps.privacy.hashKey, id.idNumber);
  const found = scope ? await deps.enrolments.listByPerson(key, scope) : [];
  if (found.length === 0 && (scope === null || Object.keys(scope).length > 0)) throw new NotFoundError('person', key);
  return {
    personKey: key,
    idNumberMasked: maskId(id.idNumber),
    totalHours: found.reduce((sum, e) => sum + e.hours, 0),
    items: found.map((e) => viewEnrolment(deps, who, e)),
  };
}
