import request from 'supertest';
import { MongoClient } from 'mongodb';
import { infra, type TopicTap, uniq, waitFor, type TappedMessage } from '@metrodesk/testkit';
import { eventFor } from '@metrodesk/events';
import { OUTREACH_TOPIC, PROGRAMMES_TOPIC, campaignCreated } from '@metrodesk/contracts';
import type { AccountsService } from '../../src/service';
import { addDays, bureauDay } from '../../src/domain/outreach';
import { dalianLiaison, shenyangLiaison, shenyangManager } from '../fixtures/enterprises';
import { register, startService, testConfig, world } from '../fixtures/service';

// The shared servers serve every helper's suites at once: give real I/O room, never assert on speed.
jest.setTimeout(120_000);
const SLOW = { timeoutMs: 60_000 };

const config = testConfig();
let svc: AccountsService;
let tap: TopicTap;
let mongo: MongoClient;

const today = bureauDay(new Date());
const SHENYANG = '210100';
const DALIAN = '210200';

/** A programmes.campaign.created event as the programmes service publishes it. */
function campaignEvent(over: Partial<{ campaignId: string; name: string; cityCodes: string[]; startDate: string; endDate: string }> = {}) {
  const campaignId = over.campaignId ?? uniq('campaign');
  const data = {
    campaignId, name: over.name ?? `强计量 惠民生 ${campaignId.slice(-6)}`, programme: 'livelihood' as const, organiser: { kind: 'province' as const, code: '210000' },
    startDate: over.startDate ?? addDays(today, -30), endDate: over.endDate ?? addDays(today, 30), cityCodes: over.cityCodes ?? [SHENYANG],
  };
  const built = eventFor(campaignCreated, { subject: campaignId, source: 'programmes', data });
  return { key: campaignId, value: JSON.stringify(built.event), event: built.event, data };
}

const handled = (eventId: string) => mongo.db(config.MONGO_DB).collection('processed_events').findOne({ _id: `${svc.runtime.consumers[0]!.groupId}:${eventId}` as never });

/** Publishes campaigns and waits until the consumer has handled the last of them. */
async function publish(...events: ReturnType<typeof campaignEvent>[]) {
  await world.produce(PROGRAMMES_TOPIC, events);
  await waitFor(() => handled(events[events.length - 1]!.event.id), { ...SLOW, what: 'the campaign events to be handled' });
}

beforeAll(async () => {
  mongo = await new MongoClient(infra.mongoUrl).connect();
  svc = await startService();
  tap = await world.tap([OUTREACH_TOPIC]);
});
afterAll(async () => {
  await tap.stop();
  await svc.stop();
  await mongo.close();
  await world.drop();
});

const logVisit = (enterpriseId: string, body: Record<string, unknown>, who = shenyangLiaison) =>
  request(svc.app).post(`/enterprises/${enterpriseId}/outreach`).set(who).send({ date: today, kind: 'visit', ...body });

describe('outreach under a programmes campaign', () => {
  it("names the campaign by its id, takes the campaign's name and publishes the campaign and its programme", async () => {
    const c = campaignEvent();
    await publish(c);
    const e = await register(svc, shenyangLiaison);
    const res = await logVisit(e.id, { campaignId: c.data.campaignId, campaign: 'ignored free text' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ campaignId: c.data.campaignId, campaign: c.data.name });
    const [logged] = await tap.waitFor((m: TappedMessage) => (m.value as { data: { outreachId?: string } }).data.outreachId === res.body.id, SLOW);
    expect((logged!.value as { data: unknown }).data).toMatchObject({ campaignId: c.data.campaignId, campaign: c.data.name, programme: 'livelihood', enterpriseId: e.id, cityCode: SHENYANG });

    const plain = await logVisit(e.id, { campaign: '自由填写' });
    expect(plain.body).toMatchObject({ campaignId: null, campaign: '自由填写' });
    const list = await request(svc.app).get('/outreach').query({ campaignId: c.data.campaignId }).set(shenyangManager);
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([res.body.id]);
  });

  it('refuses an unknown campaign, a city outside it and a day outside its period, naming the field', async () => {
    const c = campaignEvent({ startDate: addDays(today, -10), endDate: addDays(today, -2) });
    const dalianOnly = campaignEvent({ cityCodes: [DALIAN] });
    await publish(c, dalianOnly);
    const e = await register(svc, shenyangLiaison);
    const fields = (res: request.Response) => (res.body.errors as { path: string }[]).map((x) => x.path);

    const unknown = await logVisit(e.id, { campaignId: uniq('no-such-campaign') });
    expect(unknown.status).toBe(400);
    expect(fields(unknown)).toEqual(['campaignId']);
    const otherCity = await logVisit(e.id, { campaignId: dalianOnly.data.campaignId });
    expect(otherCity.status).toBe(400);
    expect(fields(otherCity)).toEqual(['campaignId']);
    const late = await logVisit(e.id, { campaignId: c.data.campaignId });
    expect(late.status).toBe(400);
    expect(fields(late)).toEqual(['date']);
    expect((await logVisit(e.id, { campaignId: c.data.campaignId, date: addDays(today, -5) })).status).toBe(201);
    // A Dalian liaison does not see a Shenyang enterprise at all.
    expect((await logVisit(e.id, { campaignId: c.data.campaignId, date: addDays(today, -5) }, dalianLiaison)).status).toBe(404);
  });

  it('keeps one campaign for a repeated event', async () => {
    const c = campaignEvent();
    const again = campaignEvent({ campaignId: c.data.campaignId, name: c.data.name });
    await world.produce(PROGRAMMES_TOPIC, [c, c]);
    await publish(again);
    expect(await mongo.db(config.MONGO_DB).collection('campaigns').countDocuments({ _id: c.data.campaignId as never })).toBe(1);
    expect(svc.runtime.consumers[0]!.stats.duplicates).toBeGreaterThanOrEqual(1);
    const e = await register(svc, shenyangLiaison);
    expect((await logVisit(e.id, { campaignId: c.data.campaignId })).body.campaign).toBe(c.data.name);
  });

  it('dead-letters poison messages and keeps consuming', async () => {
    const dlq = await world.tap([`${PROGRAMMES_TOPIC}.dlq`]);
    try {
      const brokenKey = uniq('broken');
      const invalid = campaignEvent();
      const bad = JSON.parse(invalid.value);
      bad.data.cityCodes = ['not-a-city'];
      const after = campaignEvent();
      await world.produce(PROGRAMMES_TOPIC, [{ key: brokenKey, value: '{"id":' }, { key: invalid.key, value: JSON.stringify(bad) }]);
      await publish(after);
      const dead = await dlq.waitFor((m) => m.key === brokenKey || m.key === invalid.key, { ...SLOW, count: 2 });
      expect(dead.find((m) => m.key === invalid.key)!.headers['dlq-error']).toMatch(/cityCodes/);
      const e = await register(svc, shenyangLiaison);
      expect((await logVisit(e.id, { campaignId: invalid.data.campaignId })).status).toBe(400);
      expect((await logVisit(e.id, { campaignId: after.data.campaignId })).status).toBe(201);
    } finally {
      await dlq.stop();
    }
  });
});
