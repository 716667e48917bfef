import type { FieldProblem } from '@metrodesk/errors';
import { VENUE_KINDS } from '@metrodesk/contracts';
import type { Campaign, Programme } from './campaign';

export { VENUE_KINDS };
export type VenueKind = (typeof VENUE_KINDS)[number];

/** A problem found during an activity; one that became a service request carries its id. */
export interface FoundProblem {
  description: string;
  requestId: string | null;
}

export const FIGURES = ['venues', 'instrumentsChecked', 'instrumentsVerifiedFree', 'peopleServed', 'problemsFound', 'mediaReports'] as const;
export type Figure = (typeof FIGURES)[number];
export type Figures = Record<Figure, number>;

export interface ActivityInput extends Figures {
  cityCode: string;
  date: string;
  venueKind: VenueKind;
  problems: FoundProblem[];
  notes: string | null;
}

/** What one city did on one day at one kind of venue under a campaign. */
export interface Activity extends ActivityInput {
  id: string;
  campaignId: string;
  programme: Programme;
  recordedBy: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The rules an activity keeps against its campaign; each broken rule names its field. */
export function checkActivity(campaign: Pick<Campaign, 'startDate' | 'endDate' | 'cityCodes'>, a: ActivityInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!campaign.cityCodes.includes(a.cityCode)) problems.push({ path: 'cityCode', message: `the city ${a.cityCode} does not take part in this campaign` });
  if (a.date < campaign.startDate || a.date > campaign.endDate) problems.push({ path: 'date', message: `must be within the campaign's period ${campaign.startDate} to ${campaign.endDate}` });
  if (a.instrumentsVerifiedFree > a.instrumentsChecked) problems.push({ path: 'instrumentsVerifiedFree', message: `must not exceed instrumentsChecked (${a.instrumentsChecked})` });
  if (a.problems.length > a.problemsFound) problems.push({ path: 'problems', message: `lists ${a.problems.length} problems but problemsFound is ${a.problemsFound}` });
  return problems;
}

/** Request ids linked from the activity's problems, each once. */
export const linkedRequests = (a: Pick<Activity, 'problems'>): string[] => [...new Set(a.problems.flatMap((p) => (p.requestId ? [p.requestId] : [])))];

/** The fields a correction changed, by name, for the event. */
export function changedFields(before: ActivityInput, after: ActivityInput): string[] {
  const keys = [...FIGURES, 'cityCode', 'date', 'venueKind', 'problems', 'notes'] as const;
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
