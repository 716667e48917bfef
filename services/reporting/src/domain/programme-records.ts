import { PROGRAMMES, VENUE_KINDS } from '@metrodesk/contracts';
import type { Range } from './period';

export { PROGRAMMES, VENUE_KINDS };
export type Programme = (typeof PROGRAMMES)[number];
export type VenueKind = (typeof VENUE_KINDS)[number];

/**
 * What reporting keeps of the programmes and of the enterprises' integrity and energy
 * records: one document per record, replaced only by a newer version, holding nothing but
 * what the events said (so a replay of the log rebuilds the same documents).
 */
export type ProgrammeRecord =
  | { kind: 'campaign'; key: string; version: number; cityCode: string; day: string; name: string; programme: Programme; startDate: string; endDate: string; cityCodes: string[] }
  | ({ kind: 'activity'; key: string; version: number; cityCode: string; day: string; campaignId: string; programme: Programme; venueKind: VenueKind; venues: number } & ActivitySums)
  | { kind: 'outreach'; key: string; version: number; cityCode: string; day: string; enterpriseId: string; campaignId: string; programme: Programme }
  | { kind: 'visit'; key: string; version: number; cityCode: string; day: string; instrumentsVerified: number; freeOfCharge: boolean }
  | { kind: 'benefit'; key: string; version: number; cityCode: string; day: string; hasBenefit: boolean; amountYuan: number | null; banners: number; letters: number }
  | { kind: 'commitment'; key: string; version: number; cityCode: string; day: string; enterpriseId: string; withdrawnOn: string | null }
  | { kind: 'demonstration'; key: string; version: number; cityCode: string; day: string; enterpriseId: string; revoked: boolean }
  | { kind: 'review'; key: string; version: number; cityCode: string; day: string; enterpriseId: string; instrumentsReviewed: number; followUpRequests: number }
  | { kind: 'collection'; key: string; version: number; cityCode: string; day: string; enterpriseId: string; status: 'realtime' | 'manual' | 'none' };

export type RecordKind = ProgrammeRecord['kind'];

/** What an activity adds to its programme's figures. */
export const ACTIVITY_SUMS = ['instrumentsChecked', 'instrumentsVerifiedFree', 'peopleServed', 'problemsFound', 'requestsOpened', 'mediaReports'] as const;
export type ActivitySums = Record<(typeof ACTIVITY_SUMS)[number], number>;

export interface CampaignFigures extends ActivitySums {
  campaigns: number;
  /** Names of the campaigns, largest by instruments checked first. */
  campaignNames: string[];
  activities: number;
  venues: Record<VenueKind, number>;
  /** Liaisons' outreach visits that named one of the programme's campaigns. */
  outreachVisits: number;
  /** Distinct enterprises those visits served. */
  enterprisesServed: number;
}

export interface IntegrityFigures {
  commitmentsSigned: number;
  commitmentsWithdrawn: number;
  demonstrationUnits: number;
}

export interface EnergyFigures {
  unitsReviewed: number;
  reviews: number;
  instrumentsReviewed: number;
  followUpRequests: number;
  /** Units reporting energy data in real time / by hand as of the period's last day. */
  dataRealtime: number;
  dataManual: number;
}

/** Verification visits on service requests completed in the period (requests' visit records). */
export interface VisitFigures {
  visitsCompleted: number;
  instrumentsVerified: number;
  /** Visits the bureau recorded as free of charge, and the instruments they verified. */
  freeVisits: number;
  instrumentsVerifiedFree: number;
}

/** What resolved service requests brought the enterprises, as recorded on the request (产业计量). */
export interface BenefitFigures {
  /** Requests with a benefit described, in words or in yuan. */
  requestsWithBenefit: number;
  /** The yuan amounts summed, to the fen. */
  amountYuan: number;
  /** Commendations received: 锦旗 banners and 感谢信 letters. */
  banners: number;
  letters: number;
}

export interface ProgrammeFigures {
  campaigns: Record<Programme, CampaignFigures>;
  visits: VisitFigures;
  benefits: BenefitFigures;
  integrity: IntegrityFigures;
  energy: EnergyFigures;
}

const inRange = (day: string, r: Range) => day >= r.from && day <= r.to;
const zeroVenues = () => Object.fromEntries(VENUE_KINDS.map((k) => [k, 0])) as Record<VenueKind, number>;
const emptyCampaigns = (): CampaignFigures => ({
  campaigns: 0, campaignNames: [], activities: 0, venues: zeroVenues(), outreachVisits: 0, enterprisesServed: 0, instrumentsChecked: 0, instrumentsVerifiedFree: 0, peopleServed: 0, problemsFound: 0, requestsOpened: 0, mediaReports: 0,
});

/**
 * A region's programme figures over a range, summed from the records: `cities` is the set of
 * city codes the region covers (one for a city, every city for the province).
 */
export function programmeFigures(records: ProgrammeRecord[], cities: Set<string>, range: Range): ProgrammeFigures {
  const campaigns = Object.fromEntries(PROGRAMMES.map((p) => [p, emptyCampaigns()])) as Record<Programme, CampaignFigures>;
  const checkedByCampaign = new Map<string, number>();
  const integrity: IntegrityFigures = { commitmentsSigned: 0, commitmentsWithdrawn: 0, demonstrationUnits: 0 };
  const demonstrators = new Set<string>();
  const reviewed = new Set<string>();
  const energy: EnergyFigures = { unitsReviewed: 0, reviews: 0, instrumentsReviewed: 0, followUpRequests: 0, dataRealtime: 0, dataManual: 0 };
  const visits: VisitFigures = { visitsCompleted: 0, instrumentsVerified: 0, freeVisits: 0, instrumentsVerifiedFree: 0 };
  const benefits: BenefitFigures = { requestsWithBenefit: 0, amountYuan: 0, banners: 0, letters: 0 };
  const latestCollection = new Map<string, { day: string; version: number; status: string }>();
  const names = new Map<string, { name: string; programme: Programme }>();
  const served = Object.fromEntries(PROGRAMMES.map((p) => [p, new Set<string>()])) as Record<Programme, Set<string>>;
  for (const r of records) {
    if (r.kind === 'campaign') {
      if (r.startDate <= range.to && r.endDate >= range.from && r.cityCodes.some((c) => cities.has(c))) {
        campaigns[r.programme].campaigns += 1;
        names.set(r.key, { name: r.name, programme: r.programme });
      }
      continue;
    }
    if (!cities.has(r.cityCode)) continue;
    if (r.kind === 'collection') {
      const seen = latestCollection.get(r.enterpriseId);
      if (r.day <= range.to && (!seen || r.day > seen.day || (r.day === seen.day && r.version > seen.version))) latestCollection.set(r.enterpriseId, { day: r.day, version: r.version, status: r.status });
      continue;
    }
    if (r.kind === 'commitment' && r.withdrawnOn && inRange(r.withdrawnOn, range)) integrity.commitmentsWithdrawn += 1;
    if (!inRange(r.day, range)) continue;
    if (r.kind === 'activity') {
      const c = campaigns[r.programme];
      c.activities += 1;
      c.venues[r.venueKind] += r.venues;
      for (const k of ACTIVITY_SUMS) c[k] += r[k];
      checkedByCampaign.set(r.campaignId, (checkedByCampaign.get(r.campaignId) ?? 0) + r.instrumentsChecked);
    } else if (r.kind === 'outreach') {
      campaigns[r.programme].outreachVisits += 1;
      served[r.programme].add(r.enterpriseId);
    } else if (r.kind === 'visit') {
      visits.visitsCompleted += 1;
      visits.instrumentsVerified += r.instrumentsVerified;
      if (r.freeOfCharge) {
        visits.freeVisits += 1;
        visits.instrumentsVerifiedFree += r.instrumentsVerified;
      }
    } else if (r.kind === 'benefit') {
      if (r.hasBenefit) benefits.requestsWithBenefit += 1;
      // Summed in fen: yuan amounts with decimals do not add exactly as floating point.
      benefits.amountYuan += Math.round((r.amountYuan ?? 0) * 100);
      benefits.banners += r.banners;
      benefits.letters += r.letters;
    } else if (r.kind === 'commitment') integrity.commitmentsSigned += 1;
    else if (r.kind === 'demonstration' && !r.revoked) demonstrators.add(r.enterpriseId);
    else if (r.kind === 'review') {
      energy.reviews += 1;
      reviewed.add(r.enterpriseId);
      energy.instrumentsReviewed += r.instrumentsReviewed;
      energy.followUpRequests += r.followUpRequests;
    }
  }
  for (const p of PROGRAMMES) campaigns[p].enterprisesServed = served[p].size;
  integrity.demonstrationUnits = demonstrators.size;
  energy.unitsReviewed = reviewed.size;
  for (const { status } of latestCollection.values()) {
    if (status === 'realtime') energy.dataRealtime += 1;
    if (status === 'manual') energy.dataManual += 1;
  }
  // Campaigns are held under `c:<campaignId>`, activities name the campaignId.
  const checked = (key: string) => checkedByCampaign.get(key.slice(2)) ?? 0;
  const ranked = [...names.entries()].sort(([a, x], [b, y]) => checked(b) - checked(a) || x.name.localeCompare(y.name));
  for (const [, { name, programme }] of ranked) campaigns[programme].campaignNames.push(name);
  benefits.amountYuan /= 100;
  return { campaigns, visits, benefits, integrity, energy };
}
