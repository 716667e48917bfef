import { eventFor } from '@metrodesk/events/model';
import { fileExpired, fileExpiring } from '@metrodesk/contracts';
import { addDays, dateIn } from '../domain/dates';
import { expiryTransition, historyEntry, toSnapshot, type QualificationFile } from '../domain/qualification';
import type { QualificationsDeps } from './ports';

export interface SweepResult {
  date: string;
  checked: number;
  expiring: number;
  expired: number;
}

const BATCH = 200;

/**
 * The daily job: on `date` (default: today in the bureau's zone), valid files expiring within
 * the window become expiring and files past expiry become expired. Each change is a write
 * conditional on the file's status and version with its event in the same write, so running
 * the sweep twice, or on two workers at once, publishes each change once.
 */
export async function runExpirySweep(deps: QualificationsDeps, date?: string): Promise<SweepResult> {
  const now = deps.now?.() ?? new Date();
  const today = date ?? dateIn(now, deps.timeZone);
  const until = addDays(today, deps.expiryWindowDays);
  const result: SweepResult = { date: today, checked: 0, expiring: 0, expired: 0 };
  let after: string | null = null;
  for (;;) {
    const batch = await deps.files.expiryCandidates(until, after, BATCH);
    for (const f of batch) {
      result.checked += 1;
      const to = expiryTransition(f.status, f.expiresOn, today, deps.expiryWindowDays);
      if (!to) continue;
      const next: QualificationFile = { ...f, status: to, version: f.version + 1, updatedAt: now };
      const event = eventFor(to === 'expired' ? fileExpired : fileExpiring, { subject: f.id, data: toSnapshot(next), source: 'qualifications', time: now });
      if (await deps.files.applyChange(f, next, historyEntry(next, to, 'system:expiry-job', now, f.status, `sweep of ${today}`), [event])) result[to] += 1;
    }
    if (batch.length < BATCH) break;
    after = batch[batch.length - 1]!.id;
  }
  if (result.expiring + result.expired > 0) deps.notify();
  return result;
}
