import type { QualificationsDeps } from './ports';

/**
 * What the training service reported, kept only as far as prerequisites need it. Both writes
 * are keyed by person, course and session, so a redelivered event changes nothing.
 */
export async function recordTraining(
  deps: Pick<QualificationsDeps, 'training'>,
  fact:
    | { kind: 'attendance'; personKey: string; courseCode: string; sessionId: string; employerUscc: string; result: string; date: string; eventTime: string }
    | { kind: 'certificate'; personKey: string; courseCode: string; sessionId: string; employerUscc: string; certificateNo: string; issuedOn: string },
): Promise<void> {
  if (fact.kind === 'attendance') {
    const { kind: _kind, ...r } = fact;
    await deps.training.recordAttendance(r);
  } else {
    const { kind: _kind, ...r } = fact;
    await deps.training.recordCertificate(r);
  }
}
