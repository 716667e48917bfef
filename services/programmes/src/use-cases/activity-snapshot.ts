import { FIGURES, linkedRequests, type Activity } from '../domain/activity';

/** The activity as its events carry it: figures and keys, never notes or problem texts. */
export function activitySnapshot(a: Activity) {
  const figures = Object.fromEntries(FIGURES.map((f) => [f, a[f]])) as Pick<Activity, (typeof FIGURES)[number]>;
  return { activityId: a.id, version: a.version, campaignId: a.campaignId, programme: a.programme, cityCode: a.cityCode, date: a.date, venueKind: a.venueKind, ...figures, requestIds: linkedRequests(a) };
}
