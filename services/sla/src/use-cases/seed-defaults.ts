import { DEFAULT_POLICIES, policyId } from '../domain/policy';
import { coveredYears, withYear, type Calendar } from '../domain/calendar';
import { SYSTEM_ACTOR } from '@metrodesk/events/model';
import type { SlaDeps } from './ports';
import { calendarSavedEvents, policySavedEvent } from './policy-events';

/**
 * Every start: loads the shipped calendars that are not in the database yet and the default
 * policies once. A stored calendar gains the shipped years it does not cover; the years it
 * covers (perhaps corrected through the API) and stored policies are left alone.
 */
export async function seedDefaults(deps: Pick<SlaDeps, 'policies' | 'calendars' | 'now'>, calendars: Calendar[]): Promise<void> {
  const now = deps.now?.() ?? new Date();
  for (const cal of calendars) {
    const stored = await deps.calendars.find(cal.id);
    if (!stored) {
      await deps.calendars.save(cal, now, calendarSavedEvents(cal, now, SYSTEM_ACTOR));
      continue;
    }
    const { version: _v, updatedAt: _u, ...current } = stored;
    const have = new Set(coveredYears(current));
    const add = coveredYears(cal).filter((y) => !have.has(y));
    if (add.length === 0) continue;
    const inYear = (y: number) => (d: { date: string }) => d.date.startsWith(`${y}-`);
    const merged = add.reduce<Calendar>((c, y) => withYear(c, y, { holidays: cal.holidays.filter(inYear(y)), workdays: cal.workdays.filter(inYear(y)) }), { ...current, years: [...have] });
    await deps.calendars.save(merged, now, calendarSavedEvents(merged, now, SYSTEM_ACTOR));
  }
  for (const d of DEFAULT_POLICIES) {
    const id = policyId(d.category, d.priority);
    if (await deps.policies.current(id)) continue;
    const policy = { id, category: d.category, priority: d.priority, version: 1, ...d.rules, createdBy: 'system', createdAt: now };
    await deps.policies.insertVersion(policy, [policySavedEvent(policy, null, SYSTEM_ACTOR)]);
  }
}
