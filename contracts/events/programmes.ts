import { z } from 'zod';
import { def, regionCode, isoDate } from './common';

export const PROGRAMMES_TOPIC = 'programmes.campaign.v1';

/** The bureau's five programmes (科学/民生/诚信/能源/产业计量). */
export const PROGRAMMES = ['scientific', 'livelihood', 'integrity', 'energy', 'industry'] as const;
/** Where a city's activity took place (集贸市场, 商场超市, 餐饮, 医院, 学校, 社区, 企业, other). */
export const VENUE_KINDS = ['market', 'supermarket', 'catering', 'hospital', 'school', 'community', 'enterprise', 'other'] as const;

export const campaignCreated = def(
  'programmes.campaign.created',
  PROGRAMMES_TOPIC,
  z.object({
    campaignId: z.string(),
    name: z.string(),
    programme: z.enum(PROGRAMMES),
    organiser: z.object({ kind: z.enum(['province', 'city']), code: regionCode }),
    startDate: isoDate,
    endDate: isoDate,
    cityCodes: z.array(regionCode),
  }),
);

/**
 * An activity's whole figures as of `version`, keyed by activity id: a projection replaces its
 * copy when the version is newer, so a correction never adds to the first report.
 */
const activitySnapshot = z.object({
  activityId: z.string(),
  version: z.number().int().positive(),
  campaignId: z.string(),
  programme: z.enum(PROGRAMMES),
  cityCode: regionCode,
  date: isoDate,
  venueKind: z.enum(VENUE_KINDS),
  venues: z.number().int().nonnegative(),
  instrumentsChecked: z.number().int().nonnegative(),
  instrumentsVerifiedFree: z.number().int().nonnegative(),
  peopleServed: z.number().int().nonnegative(),
  problemsFound: z.number().int().nonnegative(),
  /** Service requests opened from the problems found (ids in the requests service). */
  requestIds: z.array(z.string()),
  mediaReports: z.number().int().nonnegative(),
});

export const activityRecorded = def('programmes.activity.recorded', PROGRAMMES_TOPIC, activitySnapshot);
export const activityCorrected = def('programmes.activity.corrected', PROGRAMMES_TOPIC, activitySnapshot.extend({ changed: z.array(z.string()) }));

export const programmesEvents = [campaignCreated, activityRecorded, activityCorrected];
