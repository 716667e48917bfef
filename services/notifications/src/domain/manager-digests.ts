import type { Language, RequestFacts } from './people';

/**
 * The managers' own digests: the city manager's morning list of what needs them (working
 * days, 08:00) and the province manager's weekly three rates (三率) by city.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY = 86_400_000;

/** The Beijing calendar date of an instant. */
export const beijingDate = (at: Date): string => new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** A working-day calendar as the SLA service keeps it: weekends, holidays and make-up working days (调休). */
export interface WorkCalendar {
  weekendDays: number[];
  holidays: string[];
  workdays: string[];
}

/** ISO weekday of a date: 1 = Monday ... 7 = Sunday. */
const isoWeekday = (date: string): number => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  if (cal.workdays.includes(date)) return true;
  if (cal.holidays.includes(date)) return false;
  return !cal.weekendDays.includes(isoWeekday(date));
}

/** A request listed in a digest: by number (or title) so people can find it. */
export interface ListedRequest {
  requestId: string;
  label: string;
}

export interface CityDigestFigures {
  breached: ListedRequest[];
  atRisk: ListedRequest[];
  unassigned: ListedRequest[];
}

const CLOSED_STATES = new Set(['resolved', 'closed', 'withdrawn']);
/** Still the bureau's work: not resolved, closed or withdrawn. */
export const isOpen = (r: Pick<RequestFacts, 'state'>) => !CLOSED_STATES.has(r.state ?? 'filed');

const listed = (r: RequestFacts): ListedRequest => ({ requestId: r.requestId, label: [r.number, r.title].filter(Boolean).join(' ') || r.requestId });

/**
 * What a city manager's morning digest lists from the city's requests: those past their
 * deadline, those at risk (75 % of the time used), and those nobody is assigned to.
 */
export function cityDigest(requests: RequestFacts[]): CityDigestFigures {
  const open = requests.filter(isOpen).sort((a, b) => a.requestId.localeCompare(b.requestId));
  return {
    breached: open.filter((r) => r.risk === 'breached').map(listed),
    atRisk: open.filter((r) => r.risk === 'at_risk').map(listed),
    unassigned: open.filter((r) => !r.assigneeId).map(listed),
  };
}

/** The three rates' measures: response within the promise, resolution on time, satisfaction. */
export const MEASURES = ['response', 'resolution', 'satisfaction'] as const;
export type Measure = (typeof MEASURES)[number];

/** One outcome that counts towards a rate: a clock met in time or not, a return visit satisfied or not. */
export interface RateOutcome {
  /** One per request, measure and cycle, so a repeated event counts once. */
  id: string;
  cityCode: string;
  measure: Measure;
  ok: boolean;
  at: Date;
}

/** What an event says towards the three rates, if anything. */
export function outcomeOf(e: { type: string; data: Record<string, unknown> }): RateOutcome | null {
  const d = e.data;
  const requestId = typeof d.requestId === 'string' ? d.requestId : null;
  const cityCode = typeof d.cityCode === 'string' ? d.cityCode : null;
  const at = typeof d.at === 'string' ? new Date(d.at) : null;
  if (!requestId || !cityCode || !at || Number.isNaN(at.getTime())) return null;
  const key = (m: Measure) => `${requestId}:${m}:${String(d.cycle)}`;
  const clock = d.clock === 'response' || d.clock === 'resolution' ? d.clock : null;
  // A clock breached counts as late at once; its later "met" (late) has the same key and result.
  if (e.type === 'sla.clock.met' && clock) return { id: key(clock), cityCode, measure: clock, ok: d.withinTarget === true, at };
  if (e.type === 'sla.clock.breached' && clock) return { id: key(clock), cityCode, measure: clock, ok: false, at };
  if (e.type === 'requests.request.closed' && d.outcome !== 'no_answer' && d.satisfied !== null) return { id: key('satisfaction'), cityCode, measure: 'satisfaction', ok: d.satisfied !== false, at };
  if (e.type === 'requests.request.reopened' && d.reason !== 'complaint') return { id: key('satisfaction'), cityCode, measure: 'satisfaction', ok: false, at };
  return null;
}

export interface CityRates {
  cityCode: string;
  /** Per measure: how many counted and how many were good; the rate is null when none counted. */
  counts: Record<Measure, { ok: number; of: number }>;
}

/** The three rates of each city over the outcomes given, cities in code order. */
export function ratesByCity(outcomes: RateOutcome[]): CityRates[] {
  const byCity = new Map<string, CityRates>();
  for (const o of outcomes) {
    const c = byCity.get(o.cityCode) ?? { cityCode: o.cityCode, counts: { response: { ok: 0, of: 0 }, resolution: { ok: 0, of: 0 }, satisfaction: { ok: 0, of: 0 } } };
    c.counts[o.measure].of += 1;
    if (o.ok) c.counts[o.measure].ok += 1;
    byCity.set(o.cityCode, c);
  }
  return [...byCity.values()].sort((a, b) => a.cityCode.localeCompare(b.cityCode));
}

/** The week a Monday's digest reports: the seven Beijing days before that Monday's date. */
export function previousWeek(at: Date): { from: Date; to: Date; firstDay: string; lastDay: string } {
  const today = beijingDate(at);
  const to = new Date(new Date(`${today}T00:00:00Z`).getTime() - SHANGHAI_OFFSET_MS);
  const from = new Date(to.getTime() - 7 * DAY);
  return { from, to, firstDay: beijingDate(from), lastDay: beijingDate(new Date(to.getTime() - 1)) };
}

export const isMonday = (date: string) => isoWeekday(date) === 1;

const percent = (c: { ok: number; of: number }, lang: Language) => (c.of === 0 ? (lang === 'en' ? 'n/a' : '无') : `${Math.round((c.ok / c.of) * 1000) / 10}%`);

const LIST_MAX = 20;
function lines(items: ListedRequest[], lang: Language): string {
  if (items.length === 0) return lang === 'en' ? '  none' : '  无';
  const shown = items.slice(0, LIST_MAX).map((i) => `  - ${i.label}`);
  if (items.length > LIST_MAX) shown.push(lang === 'en' ? `  … and ${items.length - LIST_MAX} more` : `  …… 另有 ${items.length - LIST_MAX} 件`);
  return shown.join('\n');
}

/** The city manager's morning digest in the reader's language. */
export function cityDigestText(f: CityDigestFigures, cityName: string, date: string, lang: Language): { subject: string; body: string } {
  if (lang === 'en') {
    return {
      subject: `${cityName} daily digest ${date}: ${f.breached.length} overdue, ${f.atRisk.length} at risk, ${f.unassigned.length} unassigned`,
      body: [`Overdue (${f.breached.length}):`, lines(f.breached, lang), `At risk (${f.atRisk.length}):`, lines(f.atRisk, lang), `Unassigned (${f.unassigned.length}):`, lines(f.unassigned, lang)].join('\n'),
    };
  }
  return {
    subject: `${cityName}每日摘要 ${date}：超时 ${f.breached.length} 件，临近超时 ${f.atRisk.length} 件，待分派 ${f.unassigned.length} 件`,
    body: [`已超时（${f.breached.length} 件）：`, lines(f.breached, lang), `临近超时（${f.atRisk.length} 件）：`, lines(f.atRisk, lang), `待分派（${f.unassigned.length} 件）：`, lines(f.unassigned, lang)].join('\n'),
  };
}

/** The province manager's weekly digest of the three rates by city, in the reader's language. */
export function ratesDigestText(rates: CityRates[], cityName: (code: string) => string, week: { firstDay: string; lastDay: string }, lang: Language): { subject: string; body: string } {
  const row = (r: CityRates) =>
    lang === 'en'
      ? `${cityName(r.cityCode)}: response in time ${percent(r.counts.response, lang)} (${r.counts.response.ok}/${r.counts.response.of}), resolved on time ${percent(r.counts.resolution, lang)} (${r.counts.resolution.ok}/${r.counts.resolution.of}), satisfaction ${percent(r.counts.satisfaction, lang)} (${r.counts.satisfaction.ok}/${r.counts.satisfaction.of})`
      : `${cityName(r.cityCode)}：及时响应率 ${percent(r.counts.response, lang)}（${r.counts.response.ok}/${r.counts.response.of}），按时解决率 ${percent(r.counts.resolution, lang)}（${r.counts.resolution.ok}/${r.counts.resolution.of}），满意率 ${percent(r.counts.satisfaction, lang)}（${r.counts.satisfaction.ok}/${r.counts.satisfaction.of}）`;
  const none = lang === 'en' ? 'No request reached a deadline or a return visit this week.' : '本周没有到期或回访的服务请求。';
  const body = rates.length ? rates.map(row).join('\n') : none;
  return lang === 'en'
    ? { subject: `Weekly three rates by city, ${week.firstDay} to ${week.lastDay}`, body }
    : { subject: `各市三率周报（${week.firstDay} 至 ${week.lastDay}）`, body };
}
