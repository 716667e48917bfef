import type { Identity } from '@metrodesk/access';
import { getSession } from './get-session';
import type { TrainingDeps } from './ports';
import { viewEnrolment, type EnrolmentView } from './view-enrolment';

export async function listEnrolments(deps: TrainingDeps, who: Identity, sessionId: string): Promise<EnrolmentView[]> {
  await getSession(deps, who, sessionId);
  return (await deps.enrolments.listBySession(sessionId)).map((e) => viewEnrolment(deps, who, e));
}
