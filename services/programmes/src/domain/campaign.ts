import { ValidationError, type FieldProblem } from '@metrodesk/errors';
import { PROGRAMMES } from '@metrodesk/contracts';
import type { Regions } from './regions';

export { PROGRAMMES };
export type Programme = (typeof PROGRAMMES)[number];
export const ORGANISER_KINDS = ['province', 'city'] as const;
export type OrganiserKind = (typeof ORGANISER_KINDS)[number];

/** A campaign (专项活动) under one programme, organised by the province or a city, over a period. */
export interface Campaign {
  id: string;
  name: string;
  programme: Programme;
  organiser: { kind: OrganiserKind; code: string };
  startDate: string;
  endDate: string;
  /** The cities that record activities under it. */
  cityCodes: string[];
  description: string | null;
  createdBy: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type CampaignInput = Pick<Campaign, 'name' | 'programme' | 'startDate' | 'endDate' | 'cityCodes' | 'description'> & { organiser: { kind: OrganiserKind; code?: string } };

/**
 * The organiser's code is the province's for a province campaign; a city campaign is the
 * organising city's own, so its only participant is that city.
 */
export function checkCampaign(input: CampaignInput, regions: Regions): { organiser: Campaign['organiser']; cityCodes: string[] } {
  const problems: FieldProblem[] = [];
  const kind = input.organiser.kind;
  const code = input.organiser.code ?? (kind === 'province' ? regions.provinceCode : '');
  if (kind === 'province' && code !== regions.provinceCode) problems.push({ path: 'organiser.code', message: `must be the province ${regions.provinceCode}` });
  if (kind === 'city' && !regions.isCity(code)) problems.push({ path: 'organiser.code', message: code ? `${code} is not a city of the province` : 'is required for a city campaign' });
  if (input.endDate < input.startDate) problems.push({ path: 'endDate', message: `must not be before startDate ${input.startDate}` });
  const cityCodes = input.cityCodes.length === 0 && kind === 'city' ? [code] : [...new Set(input.cityCodes)];
  if (cityCodes.length === 0) problems.push({ path: 'cityCodes', message: 'name at least one participating city' });
  cityCodes.forEach((c, i) => {
    if (!regions.isCity(c)) problems.push({ path: `cityCodes.${i}`, message: `${c} is not a city of the province` });
  });
  if (kind === 'city' && cityCodes.some((c) => c !== code)) problems.push({ path: 'cityCodes', message: 'a city campaign has only its organising city as participant' });
  if (problems.length > 0) throw new ValidationError(problems);
  return { organiser: { kind, code }, cityCodes };
}
