import type { Identity } from '@metrodesk/access';
import { acceptVisit as decide } from '../domain/due-instruments';
import type { ServiceRequest } from '../domain/request';
import type { RequestsDeps } from './ports';
import { ENTERPRISE, byOf, requestToChange, saveChange } from './save-change';

/** The enterprise accepts the proposed visit day; it becomes the request's preferred date, for the liaison to schedule. */
export async function acceptVisit(deps: RequestsDeps, who: Identity, id: string, version: number): Promise<ServiceRequest> {
  const current = await requestToChange(deps, who, id, version, ENTERPRISE, 'Only the enterprise accepts a proposed visit day.');
  const at = deps.now?.() ?? new Date();
  return saveChange(deps, current, decide(current, byOf(who), at), () => []);
}


