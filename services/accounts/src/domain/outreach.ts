import { ValidationError } from '@metrodesk/errors';
import { REQUEST_CATEGORIES } from '@metrodesk/contracts';

export const OUTREACH_KINDS = ['visit', 'phone', 'campaign', 'training', 'other'] as const;
export type OutreachKind = (typeof OUTREACH_KINDS)[number];
export const PROBLEM_CATEGORIES = REQUEST_CATEGORIES;

export interface ProblemFound {
  id: string;
  category: (typeof PROBLEM_CATEGORIES)[number];
  title: string;
  description: string;
}

export interface Outreach {
  id: string;
  enterpriseId: string;
  cityCode: string;
  liaisonId: string;
  /** The day of the visit or service, YYYY-MM-DD in the bureau's zone. */
  date: string;
  kind: OutreachKind;
  /** The campaign's name: the programmes campaign's when `campaignId` names one, else free text. */
  campaign: string | null;
  campaignId: string | null;
  notes: string | null;
  problems: ProblemFound[];
  followUpOn: string | null;
  followUpDoneAt: Date | null;
  createdAt: Date;
}

/** YYYY-MM-DD of an instant in Asia/Shanghai (UTC+8, no daylight saving), the bureau's day. */
export function bureauDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function validateOutreachDates(o: { date: string; followUpOn?: string | null }, today: string): void {
  const problems: { path: string; message: string }[] = [];
  if (o.date > addDays(today, 1)) problems.push({ path: 'date', message: `a visit cannot be logged for a future day (today is ${today})` });
  if (o.followUpOn && o.followUpOn < o.date) problems.push({ path: 'followUpOn', message: 'the follow-up cannot be before the visit' });
  if (problems.length > 0) throw new ValidationError(problems);
}

/** What an outreach visit needs to know of the campaign it names. */
export interface CampaignWindow {
  startDate: string;
  endDate: string;
  cityCodes: string[];
}

/** A visit under a campaign falls within its period and in one of its cities. */
export function validateCampaignVisit(c: CampaignWindow, visit: { date: string; cityCode: string }): void {
  const problems: { path: string; message: string }[] = [];
  if (!c.cityCodes.includes(visit.cityCode)) problems.push({ path: 'campaignId', message: "the enterprise's city does not take part in this campaign" });
  if (visit.date < c.startDate || visit.date > c.endDate) problems.push({ path: 'date', message: `the visit falls outside the campaign's period (${c.startDate} to ${c.endDate})` });
  if (problems.length > 0) throw new ValidationError(problems);
}
