import { type TopicTap, uniq, waitFor } from '@metrodesk/testkit';
import { eventFor } from '@metrodesk/events';
import { ENTERPRISE_TOPIC, enterpriseRegistered, enterpriseUpdated } from '@metrodesk/contracts';
import type { QualificationsService } from '../../src/service';
import { startConsuming, randomUscc, world } from '../fixtures/qualifications';

// The machine is shared with other suites; generous timeouts keep a slow moment from failing a run.
jest.setTimeout(90_000);

let svc: QualificationsService;
let dlq: TopicTap;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ svc, dlq, stop } = await startConsuming(`${ENTERPRISE_TOPIC}.dlq`));
});
afterAll(() => stop());

function snapshot(enterpriseId: string, version: number, uscc: string) {
  return { enterpriseId, version, uscc, name: '测试企业', provinceCode: '210000', cityCode: '210100', status: 'active' as const, tags: [], flags: { contactPoint: false, keyEnergyUnit: false, integrityCommitment: false, integrityCommitmentSignedOn: null, integrityDemonstration: false } };
}
const registered = (id: string, uscc: string) => eventFor(enterpriseRegistered, { subject: id, source: 'accounts', data: snapshot(id, 1, uscc) }).event;
const updated = (id: string, version: number, uscc: string) => eventFor(enterpriseUpdated, { subject: id, source: 'accounts', data: { ...snapshot(id, version, uscc), changed: ['uscc'] } }).event;
const send = (events: { subject: string }[]) => world.produce(ENTERPRISE_TOPIC, events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })));
const usccOf = async (id: string) => (await svc.deps.enterprises.findById(id))?.uscc;

describe('accounts events -> which enterprise an enterprise user belongs to', () => {
  it('learns an enterprise, skips a duplicate, and never lets an older version roll it back', async () => {
    const id = uniq('ent');
    const [first, second] = [randomUscc(), randomUscc()];
    const duplicates = svc.runtime.consumers[0]!.stats.duplicates;
    const reg = registered(id, first);
    await send([reg, reg]);
    await waitFor(async () => (await usccOf(id)) === first, { what: 'the enterprise projected', timeoutMs: 40_000 });
    await waitFor(() => svc.runtime.consumers[0]!.stats.duplicates > duplicates, { what: 'the duplicate to be skipped' });
    // Version 3, then a late version 2 under a new event id: same key, so they arrive in this order.
    await send([updated(id, 3, second), updated(id, 2, first)]);
    const marker = uniq('ent');
    await send([{ ...registered(marker, first), subject: id }]);
    await waitFor(async () => (await usccOf(marker)) === first, { what: 'the marker behind them', timeoutMs: 40_000 });
    expect(await svc.deps.enterprises.findById(id)).toMatchObject({ uscc: second, version: 3 });
  });

  it('dead-letters poison messages and keeps consuming', async () => {
    const id = uniq('poison');
    const bad = registered(id, randomUscc());
    const after = uniq('ent');
    await world.produce(ENTERPRISE_TOPIC, [
      { key: id, value: '{"id":"not json' },
      { key: id, value: JSON.stringify({ ...bad, data: { ...bad.data, uscc: 'short' } }) },
      { key: id, value: JSON.stringify({ ...registered(after, randomUscc()), subject: id }) },
    ]);
    await waitFor(async () => (await usccOf(after)) !== undefined, { what: 'the good event behind the poison', timeoutMs: 40_000 });
    expect(await usccOf(id)).toBeUndefined();
    // Other services' consumers read this topic and dead-letter these too: look at ours only.
    const group = svc.runtime.consumers[0]!.groupId;
    const errors = () => dlq.find((m) => m.key === id && m.headers['dlq-group'] === group).map((m) => m.headers['dlq-error'] ?? '');
    await waitFor(() => errors().some((e) => /malformed envelope/.test(e)) && errors().some((e) => /invalid data for accounts.enterprise.registered: uscc/.test(e)), { what: 'both poison messages in the DLQ' });
  });
});
