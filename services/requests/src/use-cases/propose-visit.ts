import type { Identity } from '@metrodesk/access';
import { proposeVisit as decide } from '../domain/due-instruments';
import { localDate } from '../domain/qualification';
import type { ServiceRequest } from '../domain/request';
import type { RequestsDeps } from './ports';
import { BUREAU, byOf, requestToChange, saveChange } from './save-change';

/** The city's bureau staff propose a visit day on a proactive request; the enterprise answers it. */
export async function proposeVisit(deps: RequestsDeps, who: Identity, id: string, version: number, date: string): Promise<ServiceRequest> {
  const current = await requestToChange(deps, who, id, version, BUREAU, 'Only bureau staff propose a visit day.');
  const at = deps.now?.() ?? new Date();
  return saveChange(deps, current, decide(current, date, localDate(at), byOf(who), at), () => []);
}
