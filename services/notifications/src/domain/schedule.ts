/** Asia/Shanghai keeps UTC+8 all year (no daylight saving), so fixed arithmetic is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const HOUR = 3600_000;

export interface QuietHours {
  /** Hour (0-23, Beijing time) quiet hours begin. */
  from: number;
  /** Hour (0-23, Beijing time) they end. */
  to: number;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { from: 22, to: 7 };

/**
 * When an email may go out: now, or the end of quiet hours if now falls in them. Emergency
 * requests are never held.
 */
export function sendableAt(now: Date, urgent: boolean, quiet: QuietHours = DEFAULT_QUIET_HOURS): Date {
  if (urgent || quiet.from === quiet.to) return now;
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const dayStart = Math.floor(local / (24 * HOUR)) * 24 * HOUR;
  const hour = (local - dayStart) / HOUR;
  const wraps = quiet.from > quiet.to;
  const inQuiet = wraps ? hour >= quiet.from || hour < quiet.to : hour >= quiet.from && hour < quiet.to;
  if (!inQuiet) return now;
  const endToday = dayStart + quiet.to * HOUR;
  const end = endToday > local ? endToday : endToday + 24 * HOUR;
  return new Date(end - SHANGHAI_OFFSET_MS);
}

/** The start of the rate-limit window `now` falls in. */
export const windowStart = (now: Date, windowMs: number): number => Math.floor(now.getTime() / windowMs) * windowMs;

const DAY = 24 * HOUR;
/** Digests go out at 08:00 Beijing time; the weekly one on Mondays. */
export const DIGEST_HOUR = 8;

/**
 * When the digest that something arriving at `now` belongs to goes out: the next 08:00
 * (Beijing time) strictly after now, or for the weekly one the next Monday's.
 */
export function digestDueAt(now: Date, period: 'daily' | 'weekly'): Date {
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  let due = Math.floor(local / DAY) * DAY + DIGEST_HOUR * HOUR;
  if (due <= local) due += DAY;
  if (period === 'weekly') {
    // 1970-01-01 was a Thursday: day 0 is Thursday, so Monday is (day + 3) % 7 === 0.
    const weekday = (Math.floor(due / DAY) + 3) % 7;
    due += ((7 - weekday) % 7) * DAY;
  }
  return new Date(due - SHANGHAI_OFFSET_MS);
}
