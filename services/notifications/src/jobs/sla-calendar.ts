import { signIdentity, IDENTITY_HEADER } from '@metrodesk/access';
import { z } from 'zod';
import type { WorkCalendar } from '../domain/manager-digests';
import type { CalendarSource } from '../use-cases/manager-digests';

const calendarBody = z.object({
  weekendDays: z.array(z.number().int()).default([6, 7]),
  holidays: z.array(z.object({ date: z.string() })).default([]),
  workdays: z.array(z.object({ date: z.string() })).default([]),
});

const HOUR = 3600_000;

/**
 * The bureau's working-day calendar as the SLA service keeps it (`GET /calendars/{id}`, asked
 * as the service itself): the calendar is data an admin changes there, so it is read, never
 * copied. Kept an hour; when the SLA service cannot be reached the last copy serves, else null.
 */
export class SlaCalendarSource implements CalendarSource {
  private cached: { at: number; cal: WorkCalendar } | null = null;

  constructor(private readonly opts: { slaUrl: string; calendarId: string; secret: string; timeoutMs?: number; now?: () => number }) {}

  async get(): Promise<WorkCalendar | null> {
    const now = this.opts.now?.() ?? Date.now();
    if (this.cached && now - this.cached.at < HOUR) return this.cached.cal;
    try {
      const res = await fetch(new URL(`/calendars/${encodeURIComponent(this.opts.calendarId)}`, this.opts.slaUrl), {
        headers: { [IDENTITY_HEADER]: signIdentity({ userId: 'notifications', role: 'service', aud: 'sla' }, this.opts.secret, 60) },
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
      });
      if (!res.ok) return this.cached?.cal ?? null;
      const body = calendarBody.parse(await res.json());
      const cal = { weekendDays: body.weekendDays, holidays: body.holidays.map((h) => h.date), workdays: body.workdays.map((w) => w.date) };
      this.cached = { at: now, cal };
      return cal;
    } catch {
      return this.cached?.cal ?? null;
    }
  }
}
