import { eventFor } from '@metrodesk/events/model';
import { activityCorrected } from '@metrodesk/contracts';
import { NotFoundError, ValidationError } from '@metrodesk/errors';
import { isProvinceWide, type Identity } from '@metrodesk/access';
import { changedFields, type Activity, type ActivityInput } from '../domain/activity';
import type { Campaign } from '../domain/campaign';
import { activitySnapshot } from './activity-snapshot';
import { getCampaign } from './get-campaign';
import { admitActivity } from './record-activity';
import type { ProgrammesDeps } from './ports';

/** An activity the caller may read: the province every one, a city its own. */
export async function getActivity(deps: ProgrammesDeps, who: Identity, id: string): Promise<Activity> {
  const a = await deps.activities.findById(id);
  if (!a || !(isProvinceWide(who) || ((who.role === 'liaison' || who.role === 'city_manager') && who.cityCode === a.cityCode))) throw new NotFoundError('activity', id);
  return a;
}

/** Replaces an activity's fields as of `version`; the same values again change nothing and publish nothing. */
export async function reviseActivity(deps: ProgrammesDeps, who: Identity, campaign: Campaign, current: Activity, input: ActivityInput, version: number): Promise<{ activity: Activity; changed: boolean }> {
  if (input.cityCode !== current.cityCode) throw new ValidationError([{ path: 'cityCode', message: `an activity stays with the city that recorded it (${current.cityCode})` }]);
  admitActivity(who, campaign, input);
  const changed = changedFields(current, input);
  if (changed.length === 0) return { activity: current, changed: false };
  const now = deps.now?.() ?? new Date();
  const next: Activity = { ...current, ...input, version: version + 1, updatedAt: now };
  const event = eventFor(activityCorrected, { subject: current.id, source: 'programmes', time: now, data: { ...activitySnapshot(next), changed } });
  const saved = await deps.activities.update(current.id, version, { ...input, updatedAt: now }, [event]);
  deps.notify();
  return { activity: saved, changed: true };
}

export async function correctActivity(deps: ProgrammesDeps, who: Identity, id: string, input: ActivityInput, version: number): Promise<Activity> {
  const current = await getActivity(deps, who, id);
  const campaign = await getCampaign(deps, who, current.campaignId);
  return (await reviseActivity(deps, who, campaign, current, input, version)).activity;
}
