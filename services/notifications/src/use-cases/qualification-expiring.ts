import { mayBeTold } from '../domain/people';
import { daysLeft, laterThresholds, noticeAt, noticeKey, thresholdFor, type QualificationThreshold } from '../domain/qualification-notices';
import type { EmployerRepository, NotifyDeps, QualificationFileRepository } from './ports';
import { tellAll } from './notify';

export interface ExpiringFile {
  fileId: string;
  personName: string;
  employerUscc: string;
  type: string;
  expiresOn: string;
}

export interface QualificationReminder extends ExpiringFile {
  threshold: QualificationThreshold;
}

export interface ReminderQueue {
  /** Queues the reminder for `at`; a second call for one file, expiry and threshold changes nothing. */
  schedule(r: QualificationReminder, at: Date): Promise<void>;
}

export type QualificationDeps = NotifyDeps & { employers: EmployerRepository; qualificationFiles: QualificationFileRepository; reminders: ReminderQueue };

/**
 * A staff member's file entered the expiry window: the employer's users hear of it now, and
 * the 30-day reminder is queued unless this notice already is it.
 */
export async function notifyQualificationExpiring(deps: QualificationDeps, f: ExpiringFile): Promise<number> {
  const threshold = thresholdFor(daysLeft(f.expiresOn, deps.now?.() ?? new Date()));
  const told = await tellEmployer(deps, f, threshold);
  for (const later of laterThresholds(threshold)) await deps.reminders.schedule({ ...f, threshold: later }, noticeAt(f.expiresOn, later));
  return told;
}

/** A queued reminder is due: told only if the file is still expiring on that date (not renewed, revoked or suspended). */
export async function remindQualification(deps: QualificationDeps, r: QualificationReminder): Promise<number> {
  const file = await deps.qualificationFiles.get(r.fileId);
  if (!file || file.status !== 'expiring' || file.expiresOn !== r.expiresOn) return 0;
  return tellEmployer(deps, r, r.threshold);
}

/** The users of the holder's employer; an employer not (yet) known as an enterprise has nobody to tell. */
async function tellEmployer(deps: QualificationDeps, f: ExpiringFile, threshold: QualificationThreshold): Promise<number> {
  const employer = await deps.employers.byUscc(f.employerUscc);
  if (!employer) return 0;
  const scope = { enterpriseId: employer.enterpriseId, cityCode: employer.cityCode, assigneeId: null };
  const people = (await deps.people.ofEnterprise(employer.enterpriseId)).filter((p) => mayBeTold(p, scope));
  const eventId = noticeKey(f.fileId, f.expiresOn, threshold);
  const details = { personName: f.personName, qualification: f.type, expiresOn: f.expiresOn, daysLeft: Math.max(0, daysLeft(f.expiresOn, deps.now?.() ?? new Date())) };
  await tellAll(deps, people, { eventId, kind: 'qualification_expiring', requestId: null, urgent: false, title: null, details });
  return people.length;
}
