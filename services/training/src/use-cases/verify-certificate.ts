import { canSee, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { TrainingDeps } from './ports';
import { viewEnrolment, type EnrolmentView } from './view-enrolment';

export async function verifyCertificate(deps: TrainingDeps, who: Identity, certificateNo: string): Promise<EnrolmentView> {
  const e = await deps.enrolments.findByCertificate(certificateNo);
  if (!e || !canSee(who, { cityCode: e.cityCode })) throw new NotFoundError('certificate', certificateNo);
  return viewEnrolment(deps, who, e);
}
