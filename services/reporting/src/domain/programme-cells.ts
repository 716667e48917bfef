import type { Contribution } from './facts';
import type { Figures, MemberCounts, MemberSet } from './figures';
import type { Range } from './period';
import { ACTIVITY_SUMS, PROGRAMMES, VENUE_KINDS, type BenefitFigures, type CampaignFigures, type EnergyFigures, type IntegrityFigures, type Programme, type ProgrammeFigures, type ProgrammeRecord, type VisitFigures } from './programme-records';

/**
 * Programme records as cells: each record adds additive figures (under `Figures.programme`) and
 * member ids (the programme member sets) to its (city, day), so a period's programme figures are
 * read from the same cube as the service figures: a year is a few hundred cells, never its
 * records. Distinct counts (enterprises served, demonstration units, units reviewed) are member
 * sets unioned over the period's cells, so they stay exact over any range. A corrected record
 * replaces its contributions (the read model keeps one set per record key). See
 * docs/decisions/0007-programme-figures-as-cells.md.
 */

type Collection = Extract<ProgrammeRecord, { kind: 'collection' }>;
type Campaign = Extract<ProgrammeRecord, { kind: 'campaign' }>;

export const SERVED_SET: Record<Programme, MemberSet> = {
  scientific: 'servedScientific',
  livelihood: 'servedLivelihood',
  integrity: 'servedIntegrity',
  energy: 'servedEnergy',
  industry: 'servedIndustry',
};

/** Energy data-collection status counts are running totals: a period reads every day up to its end from here. */
export const COLLECTION_FROM = '1990-01-01';

const K = {
  activities: (p: Programme) => `act|${p}`,
  sum: (p: Programme, s: string) => `${s}|${p}`,
  venue: (p: Programme, v: string) => `venue|${v}|${p}`,
  outreach: (p: Programme) => `outreach|${p}`,
  checked: (campaignId: string) => `checked|${campaignId}`,
  data: (status: string) => `data|${status}`,
};

class Cells {
  private readonly byDay = new Map<string, Contribution>();

  at(cityCode: string, day: string): Contribution {
    const key = `${cityCode}|${day}`;
    let c = this.byDay.get(key);
    if (!c) this.byDay.set(key, (c = { cityCode, day, f: { programme: {} }, m: {} }));
    return c;
  }

  add(c: Contribution, key: string, n: number): void {
    const map = c.f.programme!;
    map[key] = (map[key] ?? 0) + n;
  }

  member(c: Contribution, set: MemberSet, id: string): void {
    const list = (c.m[set] ??= []);
    if (!list.includes(id)) list.push(id);
  }

  list(): Contribution[] {
    return [...this.byDay.values()];
  }
}

/** What one record adds to its city's day. Campaigns and data-collection changes add nothing here (see below). */
export function programmeContributions(r: ProgrammeRecord): Contribution[] {
  const cells = new Cells();
  if (r.kind === 'campaign' || r.kind === 'collection' || !r.day) return [];
  const c = cells.at(r.cityCode, r.day);
  switch (r.kind) {
    case 'activity':
      cells.add(c, K.activities(r.programme), 1);
      if (r.venues > 0) cells.add(c, K.venue(r.programme, r.venueKind), r.venues);
      for (const s of ACTIVITY_SUMS) if (r[s] !== 0) cells.add(c, K.sum(r.programme, s), r[s]);
      cells.add(c, K.checked(r.campaignId), r.instrumentsChecked);
      break;
    case 'outreach':
      cells.add(c, K.outreach(r.programme), 1);
      cells.member(c, SERVED_SET[r.programme], r.enterpriseId);
      break;
    case 'visit':
      cells.add(c, 'visits', 1);
      cells.add(c, 'visitInstruments', r.instrumentsVerified);
      if (r.freeOfCharge) {
        cells.add(c, 'freeVisits', 1);
        cells.add(c, 'freeInstruments', r.instrumentsVerified);
      }
      break;
    case 'benefit':
      if (r.hasBenefit) cells.add(c, 'benefitRequests', 1);
      // In fen: yuan amounts with decimals do not add exactly as floating point.
      cells.add(c, 'benefitFen', Math.round((r.amountYuan ?? 0) * 100));
      cells.add(c, 'banners', r.banners);
      cells.add(c, 'letters', r.letters);
      break;
    case 'commitment':
      cells.add(c, 'signed', 1);
      if (r.withdrawnOn) cells.add(cells.at(r.cityCode, r.withdrawnOn), 'withdrawn', 1);
      break;
    case 'demonstration':
      if (!r.revoked) cells.member(c, 'demonstrators', r.enterpriseId);
      break;
    case 'review':
      cells.add(c, 'reviews', 1);
      cells.add(c, 'instrumentsReviewed', r.instrumentsReviewed);
      cells.add(c, 'followUps', r.followUpRequests);
      cells.member(c, 'energyReviewed', r.enterpriseId);
      break;
  }
  return cells.list();
}

/**
 * An enterprise's energy data-collection history as changes of the status counts: on the day
 * of each change the status it leaves counts one less and the one it takes one more. The sum of
 * every day up to a period's end is then the number of units in each status on its last day
 * (the latest change by day, then version). One set of contributions per enterprise, recomputed
 * from all its changes whenever one arrives, so the order they arrive in does not matter.
 */
export function collectionContributions(records: Collection[]): Contribution[] {
  const cells = new Cells();
  const ordered = [...records].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.version - b.version));
  let prev: Collection | null = null;
  for (const r of ordered) {
    if (prev && prev.status !== 'none') cells.add(cells.at(prev.cityCode, r.day), K.data(prev.status), -1);
    if (r.status !== 'none') cells.add(cells.at(r.cityCode, r.day), K.data(r.status), 1);
    prev = r;
  }
  // A change back to the same status nets to nothing: no figure, no cell.
  return cells.list().filter((c) => Object.values(c.f.programme!).some((n) => n !== 0));
}

const zeroVenues = () => Object.fromEntries(VENUE_KINDS.map((k) => [k, 0])) as CampaignFigures['venues'];

/**
 * A region's programme figures from its cells: `inPeriod` the period's figures and member
 * counts, `upToEnd` the figures of every day up to the period's end (data-collection status),
 * `campaigns` those running in the period that one of `cities` takes part in.
 */
export function programmeFiguresOf(inPeriod: { f: Figures; n: MemberCounts }, upToEnd: Figures, campaigns: Campaign[], cities: Set<string>, range: Range): ProgrammeFigures {
  const g = inPeriod.f.programme ?? {};
  const v = (key: string) => g[key] ?? 0;
  const running = campaigns.filter((c) => c.startDate <= range.to && c.endDate >= range.from && c.cityCodes.some((x) => cities.has(x)));
  const figures = (p: Programme): CampaignFigures => {
    const mine = running.filter((c) => c.programme === p);
    const ranked = [...mine].sort((a, b) => v(K.checked(b.key.slice(2))) - v(K.checked(a.key.slice(2))) || a.name.localeCompare(b.name));
    const venues = zeroVenues();
    for (const k of VENUE_KINDS) venues[k] = v(K.venue(p, k));
    const sums = Object.fromEntries(ACTIVITY_SUMS.map((s) => [s, v(K.sum(p, s))])) as Pick<CampaignFigures, (typeof ACTIVITY_SUMS)[number]>;
    return { campaigns: mine.length, campaignNames: ranked.map((c) => c.name), activities: v(K.activities(p)), venues, outreachVisits: v(K.outreach(p)), enterprisesServed: inPeriod.n[SERVED_SET[p]], ...sums };
  };
  const visits: VisitFigures = { visitsCompleted: v('visits'), instrumentsVerified: v('visitInstruments'), freeVisits: v('freeVisits'), instrumentsVerifiedFree: v('freeInstruments') };
  const benefits: BenefitFigures = { requestsWithBenefit: v('benefitRequests'), amountYuan: v('benefitFen') / 100, banners: v('banners'), letters: v('letters') };
  const integrity: IntegrityFigures = { commitmentsSigned: v('signed'), commitmentsWithdrawn: v('withdrawn'), demonstrationUnits: inPeriod.n.demonstrators };
  const status = upToEnd.programme ?? {};
  const energy: EnergyFigures = {
    unitsReviewed: inPeriod.n.energyReviewed,
    reviews: v('reviews'),
    instrumentsReviewed: v('instrumentsReviewed'),
    followUpRequests: v('followUps'),
    dataRealtime: status[K.data('realtime')] ?? 0,
    dataManual: status[K.data('manual')] ?? 0,
  };
  return { campaigns: Object.fromEntries(PROGRAMMES.map((p) => [p, figures(p)])) as ProgrammeFigures['campaigns'], visits, benefits, integrity, energy };
}
