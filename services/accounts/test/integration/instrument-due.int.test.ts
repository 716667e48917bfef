import request from 'supertest';
import { type TopicTap, testLogger } from '@metrodesk/testkit';
import { INSTRUMENT_TOPIC } from '@metrodesk/contracts';
import type { AccountsService } from '../../src/service';
import { addMonths } from '../../src/domain/instrument';
import { addDays, bureauDay } from '../../src/domain/outreach';
import { cityOverdueEventId, dueEventId } from '../../src/domain/instrument-due';
import { MongoInstrumentRepository } from '../../src/persistence/instrument.repository';
import { INSTRUMENT_META, INSTRUMENTS } from '../../src/persistence/instrument.model';
import { MongoDueRunRepository } from '../../src/persistence/instrument-due.repository';
import { scanDueInstruments } from '../../src/use-cases/scan-due-instruments';
import { DueScanTimer } from '../../src/jobs/due-scan.timer';
import type { AccountsDeps } from '../../src/use-cases/ports';
import { admin, shenyangLiaison, provinceManager, serviceCaller } from '../fixtures/enterprises';
import { register, startService, world } from '../fixtures/service';

jest.setTimeout(180_000);

// A database of this file's own: a scan reads every instrument of its database, and the shared
// test database holds every other test's instruments too.
let svc: AccountsService;
let tap: TopicTap;
beforeAll(async () => {
  svc = await startService({ INSTRUMENT_DUE_DAYS_BY_CLASS: 'gas_alarm=60', DUE_SCAN_INTERVAL_MS: '0' });
  tap = await world.tap([INSTRUMENT_TOPIC]);
});
afterAll(async () => {
  await tap.stop();
  await svc.stop();
  await world.drop();
});

type Due = { type: string; id: string; data: { enterpriseId: string; runDate: string; instruments: { serialNo: string; overdue: boolean; nextDueOn: string }[] } };
const api = () => request(svc.app);
const today = bureauDay(new Date());
/** A last verification that makes a 12-month instrument fall due `days` from today. */
const dueIn = (days: number) => addMonths(addDays(today, days), -12);
const serial = () => `SN-${Math.random().toString(36).slice(2, 10)}`;

async function instrument(enterpriseId: string, over: Record<string, unknown>) {
  const res = await api().post(`/enterprises/${enterpriseId}/instruments`).set(shenyangLiaison).send({ instrumentClass: 'pressure_gauge', serialNo: serial(), use: 'safety', cycleMonths: 12, ...over });
  if (res.status !== 201) throw new Error(`instrument: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; serialNo: string; nextDueOn: string };
}
const scan = async () => {
  const res = await api().post('/admin/instruments/due-scan').set(admin).send({});
  expect(res.status).toBe(200);
  return res.body as { runDate: string; enterprises: number; published: number; instruments: number };
};
const eventsOf = (enterpriseId: string) => tap.find((m) => m.key === enterpriseId).map((m) => m.value as Due);
const settle = () => new Promise((r) => setTimeout(r, 3000));

describe('falling-due scan', () => {
  it('publishes one event per enterprise with its due instruments, and a second scan of the day publishes none', async () => {
    const a = await register(svc, shenyangLiaison);
    const b = await register(svc, shenyangLiaison);
    const quiet = await register(svc, shenyangLiaison);
    const overdue = await instrument(a.id, { lastVerifiedOn: dueIn(-5) });
    const soon = await instrument(a.id, { lastVerifiedOn: dueIn(10), use: 'process_control' });
    const alarm = await instrument(b.id, { instrumentClass: 'gas_alarm', lastVerifiedOn: dueIn(45) });
    await instrument(b.id, { lastVerifiedOn: dueIn(45) }); // a gauge's horizon is 30 days
    await instrument(quiet.id, { lastVerifiedOn: dueIn(90) });
    await instrument(quiet.id, { lastVerifiedOn: dueIn(-30), status: 'out_of_service' });

    expect(await scan()).toEqual({ runDate: today, enterprises: 2, published: 2, instruments: 3 });
    expect(await scan()).toEqual({ runDate: today, enterprises: 2, published: 0, instruments: 3 });

    await tap.waitFor((m) => m.key === a.id || m.key === b.id, { count: 2, timeoutMs: 60_000 });
    await settle();
    const [ofA, ofB] = [eventsOf(a.id), eventsOf(b.id)];
    expect(ofA).toHaveLength(1);
    expect(ofB).toHaveLength(1);
    expect(eventsOf(quiet.id)).toEqual([]);
    expect(ofA[0]).toMatchObject({ type: 'accounts.instruments.due', id: dueEventId({ enterpriseId: a.id, runDate: today }), data: { enterpriseId: a.id, cityCode: '210100', runDate: today } });
    expect(ofA[0]!.data.instruments.map((i) => [i.serialNo, i.overdue])).toEqual([[overdue.serialNo, true], [soon.serialNo, false]]);
    expect(ofB[0]!.data.instruments.map((i) => i.serialNo)).toEqual([alarm.serialNo]);

    // The city's liaisons get one fact of the day: the compulsory instrument past due, not the idle one.
    const city = tap.find((m) => m.key === '210100').map((m) => m.value as { type: string; id: string; data: unknown }).filter((v) => v.type === 'accounts.instruments.overdue-compulsory');
    expect(city).toEqual([
      expect.objectContaining({
        type: 'accounts.instruments.overdue-compulsory',
        id: cityOverdueEventId({ cityCode: '210100', runDate: today }),
        data: { cityCode: '210100', runDate: today, count: 1, enterprises: [{ enterpriseId: a.id, count: 1, oldestDueOn: overdue.nextDueOn }] },
      }),
    ]);
  });

  it('a scan that dies halfway is mended by the next: every enterprise gets exactly one event', async () => {
    const firms = [await register(svc, shenyangLiaison), await register(svc, shenyangLiaison), await register(svc, shenyangLiaison)];
    for (const f of firms) await instrument(f.id, { lastVerifiedOn: dueIn(3) });
    // The same repositories the service uses, one of them failing after its first new run, as a crash would leave it.
    const runs = new MongoDueRunRepository(svc.runtime.mongo);
    let stored = 0;
    const dying: AccountsDeps['dueRuns'] = {
      recordAll: async (all, at) => {
        for (const run of all) {
          stored += await runs.recordAll([run], at);
          if (stored > 0) throw new Error('process killed');
        }
        return stored;
      },
      recordCity: (...args) => runs.recordCity(...args),
      scanCompleted: (d) => runs.scanCompleted(d),
      completeScan: (...args) => runs.completeScan(...args),
    };
    const deps = { instruments: new MongoInstrumentRepository(svc.runtime.mongo), dueRuns: dying, dueSettings: { defaultDays: 30, byClass: { gas_alarm: 60 } }, notify: svc.runtime.notifyOutbox } as unknown as AccountsDeps;
    await expect(scanDueInstruments(deps)).rejects.toThrow('process killed');
    expect(stored).toBe(1);

    expect((await scan()).published).toBe(2);
    await tap.waitFor((m) => firms.some((f) => f.id === m.key), { count: 3, timeoutMs: 60_000 });
    await settle();
    for (const f of firms) expect(eventsOf(f.id).map((e) => e.id)).toEqual([dueEventId({ enterpriseId: f.id, runDate: today })]);
  });

  it('the timer scans once a day: not again today, and on the next day', async () => {
    await scan();
    const late = await register(svc, shenyangLiaison);
    await instrument(late.id, { lastVerifiedOn: dueIn(1) });
    await svc.dueScan.tick();
    await settle();
    expect(eventsOf(late.id)).toEqual([]);

    const tomorrow = new Date(Date.now() + 86_400_000);
    const deps = { instruments: new MongoInstrumentRepository(svc.runtime.mongo), dueRuns: new MongoDueRunRepository(svc.runtime.mongo), dueSettings: { defaultDays: 30, byClass: {} }, notify: svc.runtime.notifyOutbox, now: () => tomorrow } as unknown as AccountsDeps;
    const timer = new DueScanTimer(deps, testLogger('due-scan'), 0);
    await timer.tick();
    const [next] = await tap.waitFor((m) => m.key === late.id, { timeoutMs: 60_000 });
    expect((next!.value as Due).data.runDate).toBe(bureauDay(tomorrow));
  });

  it('lets only administrators and services ask for a scan', async () => {
    expect((await api().post('/admin/instruments/due-scan').set(shenyangLiaison).send({})).status).toBe(403);
    expect((await api().post('/admin/instruments/due-scan').set(provinceManager).send({})).status).toBe(403);
    expect((await api().post('/admin/instruments/due-scan').set(serviceCaller).send({})).status).toBe(200);
  });

  it('finds instruments due years ago, and those stored before they carried their due year and month (the repository fills these in once)', async () => {
    const firm = await register(svc, shenyangLiaison);
    const old = await instrument(firm.id, { lastVerifiedOn: '2001-03-15' });
    const earlier = await instrument(firm.id, { lastVerifiedOn: dueIn(2) });
    // Stored as the repository stored it before: no due year and month, and no backfill done yet.
    const instruments = svc.runtime.mongo.collection(INSTRUMENTS);
    await instruments.updateOne({ _id: earlier.id } as never, { $unset: { dueYear: '', dueMonth: '' } });
    await svc.runtime.mongo.collection(INSTRUMENT_META).deleteMany({});
    await new MongoInstrumentRepository(svc.runtime.mongo).init();
    expect(await instruments.findOne({ _id: earlier.id } as never)).toMatchObject({ dueYear: earlier.nextDueOn.slice(0, 4), dueMonth: earlier.nextDueOn.slice(0, 7) });

    await scan();
    const [due] = await tap.waitFor((m) => m.key === firm.id, { timeoutMs: 60_000 });
    expect((due!.value as Due).data.instruments.map((i) => i.serialNo)).toEqual([old.serialNo, earlier.serialNo]);
  });
});
