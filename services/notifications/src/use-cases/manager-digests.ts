import { beijingDate, cityDigest, cityDigestText, isMonday, isWorkingDay, previousWeek, ratesByCity, ratesDigestText, type WorkCalendar } from '../domain/manager-digests';
import { LANGUAGES, mayBeTold, type Language } from '../domain/people';
import type { NotifyDeps, RateOutcomeRepository } from './ports';
import { tell } from './notify';

/** Where the bureau's working days come from: the projection of the SLA service's calendar. */
export interface CalendarSource {
  /** The calendar, or null when none has been announced yet. */
  get(): Promise<WorkCalendar | null>;
}

export interface ManagerDigestDeps extends NotifyDeps {
  outcomes: RateOutcomeRepository;
  calendar: CalendarSource;
  /** A city's name in each language (the region data); the code when unknown. */
  cityName: (code: string, lang: Language) => string;
  warn?: (msg: string, fields: object) => void;
}

/** The weekend rule, when the calendar cannot be had: a digest on a holiday is better than none on a working day. */
const WEEKENDS_ONLY: WorkCalendar = { weekendDays: [6, 7], holidays: [], workdays: [] };

/**
 * The city managers' morning digest, on working days of the bureau's calendar: each city
 * manager hears of their own city's overdue, at-risk and unassigned requests, in their
 * language, in the inbox and by email. Keyed by the day, so a second run sends nothing.
 */
export async function sendCityDigests(deps: ManagerDigestDeps, at: Date): Promise<number> {
  const date = beijingDate(at);
  let cal = await deps.calendar.get();
  if (!cal) {
    deps.warn?.('working-day calendar unavailable: weekends only', { date });
    cal = WEEKENDS_ONLY;
  }
  if (!isWorkingDay(cal, date)) return 0;
  const managers = (await deps.people.withRole('city_manager')).filter((p) => p.active && p.cityCode);
  const byCity = new Map<string, ReturnType<typeof cityDigest>>();
  let told = 0;
  for (const p of managers) {
    const city = p.cityCode!;
    if (!byCity.has(city)) byCity.set(city, cityDigest((await deps.requests.inCity(city)).filter((r) => mayBeTold(p, r))));
    const figures = byCity.get(city)!;
    const digest = bothLanguages((lang) => cityDigestText(figures, deps.cityName(city, lang), date, lang));
    await tell(deps, p, { eventId: `city-daily|${city}|${date}`, kind: 'city_daily_digest', requestId: null, urgent: false, title: null, details: { digest } });
    told += 1;
  }
  return told;
}

/**
 * The province managers' weekly digest, on Mondays: the three rates of each city over the
 * seven days before. Keyed by the week, so a second run sends nothing.
 */
export async function sendProvinceDigests(deps: ManagerDigestDeps, at: Date): Promise<number> {
  if (!isMonday(beijingDate(at))) return 0;
  const week = previousWeek(at);
  const rates = ratesByCity(await deps.outcomes.between(week.from, week.to));
  const digest = bothLanguages((lang) => ratesDigestText(rates, (code) => deps.cityName(code, lang), week, lang));
  const managers = (await deps.people.withRole('province_manager')).filter((p) => p.active);
  for (const p of managers) await tell(deps, p, { eventId: `province-weekly|${week.firstDay}`, kind: 'province_weekly_digest', requestId: null, urgent: false, title: null, details: { digest } });
  return managers.length;
}

function bothLanguages(write: (lang: Language) => { subject: string; body: string }): Record<Language, { subject: string; body: string }> {
  return Object.fromEntries(LANGUAGES.map((l) => [l, write(l)])) as Record<Language, { subject: string; body: string }>;
}
