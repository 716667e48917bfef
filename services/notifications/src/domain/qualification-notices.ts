/**
 * An enterprise hears of a staff member's expiring qualification file twice: when the file
 * enters the qualifications service's window (90 days by default) and again 30 days before
 * it expires. A file that enters the window with 30 days or fewer left is told once.
 */
export const QUALIFICATION_THRESHOLDS = [90, 30] as const;
export type QualificationThreshold = (typeof QUALIFICATION_THRESHOLDS)[number];

const DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
/** Reminders go out at 08:00 Beijing time on their day. */
const REMINDER_HOUR = 8;

/** Whole days from today (Beijing time) to the expiry date. */
export function daysLeft(expiresOn: string, now: Date): number {
  const today = Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / DAY);
  return Math.round(Date.parse(`${expiresOn}T00:00:00Z`) / DAY) - today;
}

/** The notice a file is at with this many days left: the nearest threshold not passed yet. */
export function thresholdFor(left: number): QualificationThreshold {
  return left <= 30 ? 30 : 90;
}

/** The later notices still to come after the one given at `threshold`. */
export const laterThresholds = (threshold: QualificationThreshold): QualificationThreshold[] => QUALIFICATION_THRESHOLDS.filter((t) => t < threshold);

/** When the notice `threshold` days before expiry goes out. */
export function noticeAt(expiresOn: string, threshold: QualificationThreshold): Date {
  return new Date(Date.parse(`${expiresOn}T00:00:00Z`) - threshold * DAY + REMINDER_HOUR * 3600_000 - SHANGHAI_OFFSET_MS);
}

/**
 * The key of one notice: one per certificate (file and expiry date) and threshold, whichever
 * event or job brings it, so a repeat tells nobody twice.
 */
export const noticeKey = (fileId: string, expiresOn: string, threshold: QualificationThreshold) => `qualification-${threshold}|${fileId}|${expiresOn}`;
