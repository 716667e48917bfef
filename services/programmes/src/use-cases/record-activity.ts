import { eventFor, uuidv7 } from '@metrodesk/events/model';
import { activityRecorded } from '@metrodesk/contracts';
import { ForbiddenError, ValidationError } from '@metrodesk/errors';
import type { Identity } from '@metrodesk/access';
import { canRecordFor } from '../domain/access';
import { checkActivity, type Activity, type ActivityInput } from '../domain/activity';
import type { Campaign } from '../domain/campaign';
import { activitySnapshot } from './activity-snapshot';
import { getCampaign } from './get-campaign';
import type { ProgrammesDeps } from './ports';

/** Checks who records and the rules against the campaign; throws what is wrong. */
export function admitActivity(who: Identity, campaign: Campaign, input: ActivityInput): void {
  if (!canRecordFor(who, input.cityCode)) throw new ForbiddenError(`Activities of city ${input.cityCode} are recorded by that city's liaisons and managers.`);
  const problems = checkActivity(campaign, input);
  if (problems.length > 0) throw new ValidationError(problems);
}

/** Adds a new activity to an already read campaign (the import reuses it row by row). */
export async function addActivity(deps: ProgrammesDeps, who: Identity, campaign: Campaign, input: ActivityInput): Promise<Activity> {
  admitActivity(who, campaign, input);
  const now = deps.now?.() ?? new Date();
  const activity: Activity = { ...input, id: uuidv7(now.getTime()), campaignId: campaign.id, programme: campaign.programme, recordedBy: who.userId, version: 1, createdAt: now, updatedAt: now };
  const event = eventFor(activityRecorded, { subject: activity.id, source: 'programmes', time: now, data: activitySnapshot(activity) });
  await deps.activities.insert(activity, [event]);
  deps.notify();
  return activity;
}

export async function recordActivity(deps: ProgrammesDeps, who: Identity, campaignId: string, input: ActivityInput): Promise<Activity> {
  return addActivity(deps, who, await getCampaign(deps, who, campaignId), input);
}
