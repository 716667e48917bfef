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
