import type { Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { TrainingDeps } from './ports';
import { inRecordsScope, recordsScope } from './records-scope';
import { viewEnrolment, type EnrolmentView } from './view-enrolment';

/** A certificate outside the caller's scope (another city's session, another enterprise's staff) is missing to them. */
export async function verifyCertificate(deps: TrainingDeps, who: Identity, certificateNo: string): Promise<EnrolmentView> {
  const e = await deps.enrolments.findByCertificate(certificateNo);
  if (!e || !inRecordsScope(await recordsScope(deps, who), e)) throw new NotFoundError('certificate', certificateNo);
  return viewEnrolment(deps, who, e);
}
