import type { z } from 'zod';
import { handlerMap, on, type EventEnvelope } from '@metrodesk/events';
import {
  ENTERPRISE_TOPIC,
  PROGRAMMES_TOPIC,
  OUTREACH_TOPIC,
  outreachLogged,
  REQUEST_TOPIC,
  requestVisitCompleted,
  requestImported,
  requestBenefitRecorded,
  campaignCreated,
  activityRecorded,
  activityCorrected,
  integrityCommitted,
  integrityWithdrawn,
  demonstrationNamed,
  demonstrationRevoked,
  energyReviewed,
  energyDataCollectionSet,
} from '@metrodesk/contracts';
import type { ProgrammeStore } from '../use-cases/programme-ports';
import type { ReadModel } from '../use-cases/ports';
import type { ProgrammeRecord } from '../domain/programme-records';
import { collectionContributions, programmeContributions } from '../domain/programme-cells';
import { dayOf } from '../domain/period';

const namingKey = (d: { enterpriseId: string; year: number; namedBy: { kind: string; code: string } | null }) => `d:${d.enterpriseId}:${d.year}:${d.namedBy ? `${d.namedBy.kind}:${d.namedBy.code}` : 'hand'}`;

/**
 * Programme records from the programmes topic, the enterprises' integrity and energy
 * records from the enterprise topic, outreach visits made under a campaign and the
 * verification visits completed and benefits recorded on service requests. Each handler stores what its event says, replacing an
 * older version only, so repeats, late arrivals and replays leave the same documents.
 *
 * Then the record's contributions to its (city, day) cells are made those of the record now
 * held (a correction's replace the old ones; a stale or repeated event rewrites the same), one
 * record at a time, so the cells are a function of the records whatever the order of events.
 * A data-collection change is counted with the enterprise's other changes (see
 * collectionContributions).
 */
export function programmesHandlers(store: ProgrammeStore, model: ReadModel) {
  const save = async (r: ProgrammeRecord) => {
    if (r.kind === 'collection') {
      const key = `p:dc:${r.enterpriseId}`;
      await model.exclusive(key, async () => {
        await store.saveNewer(r);
        await model.syncContributions(key, collectionContributions(await store.collectionsOf(r.enterpriseId)));
      });
      return;
    }
    const key = `p:${r.key}`;
    await model.exclusive(key, async () => {
      await store.saveNewer(r);
      const held = await store.get(r.key);
      await model.syncContributions(key, held ? programmeContributions(held) : []);
    });
  };
  const activity = (d: z.infer<typeof activityRecorded.data>) =>
    save({
      kind: 'activity', key: `a:${d.activityId}`, version: d.version, cityCode: d.cityCode, day: d.date, campaignId: d.campaignId, programme: d.programme, venueKind: d.venueKind, venues: d.venues,
      instrumentsChecked: d.instrumentsChecked, instrumentsVerifiedFree: d.instrumentsVerifiedFree, peopleServed: d.peopleServed, problemsFound: d.problemsFound, requestsOpened: d.requestIds.length, mediaReports: d.mediaReports,
    });
  return handlerMap(
    on(campaignCreated, async (e) => {
      const d = e.data;
      await save({ kind: 'campaign', key: `c:${d.campaignId}`, version: 1, cityCode: d.organiser.code, day: d.startDate, name: d.name, programme: d.programme, startDate: d.startDate, endDate: d.endDate, cityCodes: d.cityCodes });
    }),
    on(activityRecorded, async (e) => activity(e.data)),
    on(outreachLogged, async (e) => {
      const d = e.data;
      // Only a visit made under a programmes campaign counts in a programme's figures.
      if (!d.campaignId || !d.programme) return;
      await save({ kind: 'outreach', key: `o:${d.outreachId}`, version: 1, cityCode: d.cityCode, day: d.date, enterpriseId: d.enterpriseId, campaignId: d.campaignId, programme: d.programme });
    }),
    on(activityCorrected, async (e) => activity(e.data)),
    on(requestVisitCompleted, async (e) => {
      const d = e.data;
      const instrumentsVerified = d.verified.reduce((n, i) => n + i.count, 0);
      await save({ kind: 'visit', key: `v:${d.visitId}`, version: d.version, cityCode: d.cityCode, day: d.date, instrumentsVerified, freeOfCharge: d.freeOfCharge });
    }),
    on(requestImported, async (e) => {
      const d = e.data;
      // A past request verified on site was a service visit: counted on the day it was resolved.
      if (d.solutionKind !== 'on_site_verification' || d.instrumentsVerified.length === 0) return;
      const instrumentsVerified = d.instrumentsVerified.reduce((n, i) => n + i.count, 0);
      await save({ kind: 'visit', key: `i:${d.requestId}`, version: d.version, cityCode: d.cityCode, day: dayOf(d.resolvedAt), instrumentsVerified, freeOfCharge: d.freeOfCharge });
    }),
    on(requestBenefitRecorded, async (e) => {
      const d = e.data;
      // One record per request, the latest version: counted on the day it was last recorded.
      await save({ kind: 'benefit', key: `b:${d.requestId}`, version: d.version, cityCode: d.cityCode, day: dayOf(d.at), hasBenefit: d.hasBenefit, amountYuan: d.amountYuan, banners: d.banners, letters: d.letters });
    }),
    on(integrityCommitted, async (e) => save({ kind: 'commitment', key: `k:${e.data.commitmentId}`, version: e.data.version, cityCode: e.data.cityCode, day: e.data.signedOn, enterpriseId: e.data.enterpriseId, withdrawnOn: null })),
    on(integrityWithdrawn, async (e) => save({ kind: 'commitment', key: `k:${e.data.commitmentId}`, version: e.data.version, cityCode: e.data.cityCode, day: e.data.signedOn, enterpriseId: e.data.enterpriseId, withdrawnOn: e.data.withdrawnOn })),
    on(demonstrationNamed, async (e) => save({ kind: 'demonstration', key: namingKey(e.data), version: e.data.version, cityCode: e.data.cityCode, day: e.data.namedOn, enterpriseId: e.data.enterpriseId, revoked: false })),
    on(demonstrationRevoked, async (e) => save({ kind: 'demonstration', key: namingKey(e.data), version: e.data.version, cityCode: e.data.cityCode, day: '', enterpriseId: e.data.enterpriseId, revoked: true })),
    on(energyReviewed, async (e) =>
      save({ kind: 'review', key: `r:${e.data.reviewId}`, version: e.data.version, cityCode: e.data.cityCode, day: e.data.date, enterpriseId: e.data.enterpriseId, instrumentsReviewed: e.data.instrumentsReviewed, followUpRequests: e.data.followUpRequestIds.length }),
    ),
    on(energyDataCollectionSet, async (e) =>
      save({ kind: 'collection', key: `dc:${e.data.enterpriseId}:${e.data.version}`, version: e.data.version, cityCode: e.data.cityCode, day: e.data.since, enterpriseId: e.data.enterpriseId, status: e.data.status }),
    ),
  );
}

export const PROGRAMMES_TOPICS = [PROGRAMMES_TOPIC, ENTERPRISE_TOPIC, OUTREACH_TOPIC, REQUEST_TOPIC];

/** Programme records exist only for the province's cities, like the figures (see `acceptEvent`). */
export function acceptProgrammesEvent(inRegion: (cityCode: string) => boolean) {
  return (e: EventEnvelope): boolean => {
    const d = e.data as { cityCode?: string; cityCodes?: string[] };
    return d.cityCode ? inRegion(d.cityCode) : (d.cityCodes ?? []).some(inRegion);
  };
}
