import request from 'supertest';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { produceRaw, testLogger, TopicTap, uniq, waitFor } from '@metrodesk/testkit';
import { eventFor, uuidv7 } from '@metrodesk/events';
import { activityRecorded, campaignCreated, OUTREACH_TOPIC, PROGRAMMES_TOPIC, REQUEST_TOPIC } from '@metrodesk/contracts';
import { createReportingService, type ReportingService } from '../../src/service';
import { makeWorld, stopAndDrop, worldEnv, type Sent } from '../fixtures/history';
import { programmeYear } from '../fixtures/programme-year';

jest.setTimeout(240_000);

const w = makeWorld();
const Y = w.year;
let svc: ReportingService;
const year = programmeYear(w);

// The world's own database: the read model has one writer.
const env = () => worldEnv(w, { CONSUMER_GROUP: uniq('reporting-prog'), CONSUMER_FROM_BEGINNING: 'false' });
const get = (path: string, who = w.provinceManager) => request(svc.app).get(path).set(who);
async function send(list: Sent[]) {
  for (const s of list) await produceRaw(w.topic(s.topic), [{ key: s.event.subject, value: JSON.stringify(s.event) }]);
}
const campaignsOf = async (year: number) => ((await get(`/reports/programmes?period=${year}`)).body.figures?.campaigns?.livelihood?.campaigns as number | undefined) ?? 0;

beforeAll(async () => {
  await w.create();
  svc = await createReportingService(env(), testLogger('reporting'));
  await svc.startBackground();
  // The group reads only what arrives after it joined: probe with campaigns of a year long past until one counts.
  await waitFor(
    async () => {
      const probe = uniq('probe');
      const { topic, event } = eventFor(campaignCreated, { subject: probe, source: w.source, data: { campaignId: probe, name: 'probe', programme: 'livelihood', organiser: { kind: 'province', code: w.province }, startDate: `${Y - 50}-01-01`, endDate: `${Y - 50}-01-31`, cityCodes: [w.A] } });
      await produceRaw(w.topic(topic), [{ key: probe, value: JSON.stringify(event) }]);
      return waitFor(async () => (await campaignsOf(Y - 50)) > 0, { timeoutMs: 3000 }).catch(() => null);
    },
    { timeoutMs: 90_000, what: 'the programmes consumer group to join' },
  );
  await send(year);
  // Records of different aggregates arrive on different partitions in any order: wait for the last of each kind.
  await waitFor(
    async () => {
      const f = (await get(`/reports/programmes?period=${Y}`)).body.figures;
      return f.campaigns.livelihood.instrumentsChecked === 1420 && f.campaigns.livelihood.outreachVisits === 3 && f.visits.visitsCompleted === 3 && f.benefits.banners === 2 && f.benefits.letters === 4 && f.campaigns.industry.outreachVisits === 1 && f.campaigns.industry.activities === 1 && f.integrity.commitmentsWithdrawn === 1 && f.integrity.demonstrationUnits === 2 && f.integrity.commitmentsSigned === 3 && f.energy.reviews === 3 && f.energy.dataManual === 1 && f.energy.dataRealtime === 1;
    },
    { timeoutMs: 120_000, intervalMs: 300, what: 'the fixture year to be projected' },
  );
  await waitFor(async () => (await get(`/reports/programmes?period=${Y + 1}`)).body.figures.campaigns.livelihood.activities === 1, { timeoutMs: 60_000, what: 'the next year\'s activity' });
});
afterAll(async () => {
  await svc.stop();
  await w.drop();
});

const venues = (m: Record<string, number>) => ({ market: 0, supermarket: 0, catering: 0, hospital: 0, school: 0, community: 0, enterprise: 0, other: 0, ...m });

// Hand-computed from fixtures/programme-year.ts: a1 counts as corrected (600), a5 falls in the next year.
const livelihoodProvince = { campaigns: 2, campaignNames: ['公平计量进市场', '强计量 惠民生'], activities: 4, venues: venues({ market: 18, supermarket: 5, school: 3 }), outreachVisits: 3, enterprisesServed: 2, instrumentsChecked: 1420, instrumentsVerifiedFree: 570, peopleServed: 900, problemsFound: 5, requestsOpened: 2, mediaReports: 3 };

describe('programme figures', () => {
  it('sums every programme per region and period from the records', async () => {
    const res = await get(`/reports/programmes?period=${Y}`);
    expect(res.status).toBe(200);
    const { figures, cities } = res.body;
    expect(figures.campaigns.livelihood).toEqual(livelihoodProvince);
    expect(figures.campaigns.industry).toEqual({ campaigns: 1, campaignNames: ['计量服务进企业'], activities: 1, venues: venues({ enterprise: 12 }), outreachVisits: 1, enterprisesServed: 1, instrumentsChecked: 80, instrumentsVerifiedFree: 0, peopleServed: 0, problemsFound: 6, requestsOpened: 1, mediaReports: 0 });
    expect(figures.visits).toEqual({ visitsCompleted: 3, instrumentsVerified: 30 + 12 + 20 + 15, freeVisits: 2, instrumentsVerifiedFree: 30 + 12 + 15 });
    expect(figures.benefits).toEqual({ requestsWithBenefit: 3, amountYuan: 800000.3, banners: 2, letters: 1 + 3 });
    expect(figures.integrity).toEqual({ commitmentsSigned: 3, commitmentsWithdrawn: 1, demonstrationUnits: 2 });
    expect(figures.energy).toEqual({ unitsReviewed: 2, reviews: 3, instrumentsReviewed: 500, followUpRequests: 1, dataRealtime: 1, dataManual: 1 });
    const [a, b] = cities;
    expect(a.region.code).toBe(w.A);
    expect(a.figures.campaigns.livelihood).toMatchObject({ campaigns: 2, activities: 2, outreachVisits: 2, enterprisesServed: 1, venues: venues({ market: 10, supermarket: 5 }), instrumentsChecked: 900, instrumentsVerifiedFree: 300, problemsFound: 5, requestsOpened: 2, mediaReports: 1 });
    expect(a.figures.visits).toEqual({ visitsCompleted: 2, instrumentsVerified: 62, freeVisits: 1, instrumentsVerifiedFree: 42 });
    expect(a.figures.benefits).toEqual({ requestsWithBenefit: 2, amountYuan: 800000.3, banners: 2, letters: 1 });
    expect(a.figures.integrity).toEqual({ commitmentsSigned: 2, commitmentsWithdrawn: 1, demonstrationUnits: 1 });
    expect(a.figures.energy).toEqual({ unitsReviewed: 1, reviews: 2, instrumentsReviewed: 200, followUpRequests: 0, dataRealtime: 0, dataManual: 1 });
    expect(b.figures.campaigns.livelihood).toMatchObject({ activities: 2, outreachVisits: 1, enterprisesServed: 1, venues: venues({ market: 8, school: 3 }), instrumentsChecked: 520, instrumentsVerifiedFree: 270, peopleServed: 900, mediaReports: 2 });
    expect(b.figures.campaigns.industry.campaigns).toBe(0);
    expect(b.figures.benefits).toEqual({ requestsWithBenefit: 1, amountYuan: 0, banners: 0, letters: 3 });
    expect(b.figures.visits).toEqual({ visitsCompleted: 1, instrumentsVerified: 15, freeVisits: 1, instrumentsVerifiedFree: 15 });
    // Within the year: the first half has neither the withdrawal nor the later reviews.
    const half = (await get(`/reports/programmes?from=${Y}-01-01&to=${Y}-06-30`)).body.figures;
    expect(half.integrity).toEqual({ commitmentsSigned: 3, commitmentsWithdrawn: 0, demonstrationUnits: 0 });
    expect(half.energy).toMatchObject({ unitsReviewed: 1, instrumentsReviewed: 300, dataRealtime: 0, dataManual: 2 });
    // The next year sees the late activity only.
    const next = (await get(`/reports/programmes?period=${Y + 1}`)).body.figures;
    expect(next.campaigns.livelihood).toMatchObject({ activities: 1, instrumentsChecked: 999, peopleServed: 999 });
    expect(next.benefits).toEqual({ requestsWithBenefit: 0, amountYuan: 0, banners: 5, letters: 0 });
    expect(next.visits).toEqual({ visitsCompleted: 1, instrumentsVerified: 99, freeVisits: 1, instrumentsVerifiedFree: 99 });
  });

  it('gives a city its own figures only', async () => {
    const own = await get(`/reports/programmes?period=${Y}&region=${w.B}`, w.liaisonB);
    expect(own.body.figures.integrity).toEqual({ commitmentsSigned: 1, commitmentsWithdrawn: 0, demonstrationUnits: 1 });
    expect(own.body.figures.visits.instrumentsVerifiedFree).toBe(15);
    expect(own.body.figures.benefits.letters).toBe(3);
    const manager = await get(`/reports/programmes?period=${Y}&region=${w.A}`, w.managerA);
    expect(manager.body.figures.visits.instrumentsVerifiedFree).toBe(42);
    expect(manager.body.figures.benefits).toMatchObject({ amountYuan: 800000.3, banners: 2 });
    expect((await get(`/reports/programmes?period=${Y}&region=${w.B}`, w.managerA)).status).toBe(403);
    expect(own.body.cities).toEqual([]);
    expect((await get(`/reports/programmes?period=${Y}&region=${w.A}`, w.liaisonB)).status).toBe(403);
    // Without a region a city sees its own.
    expect((await get(`/reports/programmes?period=${Y}`, w.liaisonB)).body.region.code).toBe(w.B);
    expect((await get(`/reports/programmes?period=${Y}&region=${w.province}`, w.liaisonB)).status).toBe(403);
    expect((await get(`/reports/programmes?period=${Y}`, w.enterpriseUser)).status).toBe(403);
  });
});

const ZH = [
  `测试省${Y}年计量工作总结`,
  '一、民生计量',
  `${Y}年，开展“公平计量进市场”、“强计量 惠民生”专项活动2项。全省检查集贸市场18个、商场超市5家、学校3所，走访服务企业2家，检查计量器具1,420台件，免费检定计量器具570台件，服务群众900人次，发现问题5个，转为服务诉求2件，媒体报道3次，上门服务企业免费检定计量器具57台件。`,
  '乙市局检查集贸市场8个、学校3所，走访服务企业1家，检查计量器具520台件，免费检定计量器具270台件，服务群众900人次，媒体报道2次，上门服务企业免费检定计量器具15台件。甲市局检查集贸市场10个、商场超市5家，走访服务企业1家，检查计量器具900台件，免费检定计量器具300台件，发现问题5个，转为服务诉求2件，媒体报道1次，上门服务企业免费检定计量器具42台件。',
  '二、诚信计量',
  `${Y}年，全省推动3家企业签署诚信计量自我承诺，命名诚信计量示范单位2家，1家企业撤回承诺。`,
  '甲市局推动2家企业签署诚信计量自我承诺，命名诚信计量示范单位1家，1家企业撤回承诺。乙市局推动1家企业签署诚信计量自我承诺，命名诚信计量示范单位1家。',
  '三、能源计量',
  `${Y}年，全省对2家重点用能单位开展能源计量审查，审查计量器具500台件，跟进服务诉求1件，1家单位能源数据实时上传，1家单位手工报送。`,
  '乙市局对1家重点用能单位开展能源计量审查，审查计量器具300台件，跟进服务诉求1件，1家单位能源数据实时上传。甲市局对1家重点用能单位开展能源计量审查，审查计量器具200台件，1家单位手工报送。',
  '四、产业计量',
  `${Y}年，开展“计量服务进企业”专项活动1项。全省服务企业4家，为企业创造经济效益800,000.3元，收到企业赠送锦旗2面，感谢信4封，检查企业12家，检查计量器具80台件，发现问题6个，转为服务诉求1件。`,
  '甲市局服务企业3家，为企业创造经济效益800,000.3元，收到企业赠送锦旗2面，感谢信1封，检查企业12家，检查计量器具80台件，发现问题6个，转为服务诉求1件。乙市局服务企业1家，感谢信3封。',
];

const EN = [
  `Testland: metrology work summary for ${Y}`,
  '1. Metrology for livelihoods',
  `In ${Y}, the bureaus across Testland visited 18 markets, 5 supermarkets and 3 schools, served 2 enterprises on outreach visits, checked 1,420 instruments, verified 570 instruments free of charge, served 900 people, found 5 problems, opened 2 service requests from them, drew 3 media reports and verified 57 instruments free of charge on service visits to enterprises. 2 campaigns ran: “公平计量进市场” and “强计量 惠民生”.`,
  'Beta City Bureau visited 8 markets and 3 schools, served 1 enterprise on outreach visits, checked 520 instruments, verified 270 instruments free of charge, served 900 people, drew 2 media reports and verified 15 instruments free of charge on service visits to enterprises. Alpha City Bureau visited 10 markets and 5 supermarkets, served 1 enterprise on outreach visits, checked 900 instruments, verified 300 instruments free of charge, found 5 problems, opened 2 service requests from them, drew 1 media report and verified 42 instruments free of charge on service visits to enterprises.',
  '2. Integrity metrology',
  `In ${Y}, the bureaus across Testland had 3 enterprises sign the integrity-metrology commitment, named 2 integrity demonstration units and recorded 1 withdrawal.`,
  'Alpha City Bureau had 2 enterprises sign the integrity-metrology commitment, named 1 integrity demonstration unit and recorded 1 withdrawal. Beta City Bureau had 1 enterprise sign the integrity-metrology commitment and named 1 integrity demonstration unit.',
  '3. Energy metrology',
  `In ${Y}, the bureaus across Testland reviewed the energy metrology of 2 key energy-using units, examined 500 instruments, followed up with 1 service request, had 1 unit uploading energy data in real time and had 1 unit reporting them by hand.`,
  'Beta City Bureau reviewed the energy metrology of 1 key energy-using unit, examined 300 instruments, followed up with 1 service request and had 1 unit uploading energy data in real time. Alpha City Bureau reviewed the energy metrology of 1 key energy-using unit, examined 200 instruments and had 1 unit reporting them by hand.',
  '4. Industrial metrology',
  `In ${Y}, the bureaus across Testland served 4 enterprises, brought enterprises benefits of ¥800,000.3, received 2 silk banners from enterprises, received 4 letters of thanks, visited 12 enterprises, checked 80 instruments, found 6 problems and opened 1 service request from them. The campaign “计量服务进企业” ran.`,
  'Alpha City Bureau served 3 enterprises, brought enterprises benefits of ¥800,000.3, received 2 silk banners from enterprises, received 1 letter of thanks, visited 12 enterprises, checked 80 instruments, found 6 problems and opened 1 service request from them. Beta City Bureau served 1 enterprise and received 3 letters of thanks.',
];

describe('the programmes consumer', () => {
  it('counts a repeated event and a stale version once', async () => {
    const before = (await get(`/reports/programmes?period=${Y}`)).body.figures;
    const recorded = year.filter((s) => s.event.type === 'programmes.activity.recorded');
    const visit = year.find((s) => s.event.type === 'accounts.outreach.logged')!;
    const completed = year.find((s) => s.event.type === 'requests.request.visit-completed')!;
    const staleBenefit = year.find((s) => s.event.type === 'requests.request.benefit-recorded')!;
    // The same events again; the first version of the corrected activity and of a benefit, a visit and a completion under new ids.
    await send([recorded[2]!, { ...recorded[0]!, event: { ...recorded[0]!.event, id: uuidv7() } }, visit, { ...visit, event: { ...visit.event, id: uuidv7() } }, completed, { ...completed, event: { ...completed.event, id: uuidv7() } }, { ...staleBenefit, event: { ...staleBenefit.event, id: uuidv7() } }]);
    const marker = uniq('dup');
    await send([{ topic: PROGRAMMES_TOPIC, event: eventFor(campaignCreated, { subject: marker, source: w.source, data: { campaignId: marker, name: 'marker', programme: 'scientific', organiser: { kind: 'province', code: w.province }, startDate: `${Y}-12-31`, endDate: `${Y}-12-31`, cityCodes: [w.B] } }).event }]);
    await waitFor(async () => (await get(`/reports/programmes?period=${Y}`)).body.figures.campaigns.scientific.campaigns === 1, { timeoutMs: 60_000, what: 'the marker campaign' });
    const after = (await get(`/reports/programmes?period=${Y}`)).body.figures;
    expect({ ...after, campaigns: { ...after.campaigns, scientific: before.campaigns.scientific } }).toEqual(before);
  });

  it('dead-letters poison messages and keeps consuming', async () => {
    const dlq = await new TopicTap([w.topic(`${PROGRAMMES_TOPIC}.dlq`)]).start();
    try {
      const key = uniq('poison');
      const valid = eventFor(activityRecorded, {
        subject: key,
        source: w.source,
        data: { activityId: key, version: 1, campaignId: 'c', programme: 'energy', cityCode: w.B, date: `${Y + 3}-05-05`, venueKind: 'other', venues: 1, instrumentsChecked: 7, instrumentsVerifiedFree: 0, peopleServed: 0, problemsFound: 0, requestIds: [], mediaReports: 0 },
      }).event;
      const invalid = { ...valid, id: uuidv7(), data: { ...valid.data, venues: -1 } };
      await produceRaw(w.topic(PROGRAMMES_TOPIC), [{ key, value: '{"id":"nope"' }, { key, value: JSON.stringify(invalid) }, { key, value: JSON.stringify(valid) }]);
      const group = svc.runtime.consumers.find((c) => c.groupId.endsWith('-programmes'))!.groupId;
      const ours = (m: { key: string | null; headers: Record<string, string> }) => m.key === key && m.headers['dlq-group'] === group;
      await dlq.waitFor(ours, { count: 2, timeoutMs: 60_000 });
      expect(dlq.find(ours).map((m) => m.headers['dlq-error'])).toEqual([expect.stringMatching(/malformed envelope/), expect.stringMatching(/invalid data for programmes.activity.recorded/)]);
      await waitFor(async () => (await get(`/reports/programmes?period=${Y + 3}&region=${w.B}`)).body.figures.campaigns.energy.instrumentsChecked === 7, { timeoutMs: 60_000, what: 'the valid event after the poison' });

      // A visit naming a programme that does not exist is poison on the outreach topic too.
      const visit = year.find((s) => s.event.type === 'accounts.outreach.logged')!.event;
      const badVisit = { ...visit, id: uuidv7(), subject: key, data: { ...(visit.data as object), outreachId: key, programme: 'astrology' } };
      const goodVisit = { ...visit, id: uuidv7(), subject: uniq('o'), data: { ...(visit.data as object), outreachId: uniq('o'), cityCode: w.B, date: `${Y + 3}-06-06` } };
      const dlqOut = await new TopicTap([w.topic(`${OUTREACH_TOPIC}.dlq`)]).start();
      try {
        await produceRaw(w.topic(OUTREACH_TOPIC), [{ key, value: JSON.stringify(badVisit) }, { key: goodVisit.subject, value: JSON.stringify(goodVisit) }]);
        await dlqOut.waitFor((m) => m.key === key && m.headers['dlq-group'] === group, { timeoutMs: 60_000 });
        await waitFor(async () => (await get(`/reports/programmes?period=${Y + 3}&region=${w.B}`)).body.figures.campaigns.livelihood.outreachVisits === 1, { timeoutMs: 60_000, what: 'the valid visit after the poison' });
      } finally {
        await dlqOut.stop();
      }

      // And so is a visit completion that does not say whether it was free, on the requests topic.
      const done = year.find((s) => s.event.type === 'requests.request.visit-completed')!.event;
      const freeless = { ...done, id: uuidv7(), subject: key, data: { ...(done.data as object), visitId: key, freeOfCharge: 'yes' } };
      const goodDone = { ...done, id: uuidv7(), data: { ...(done.data as object), visitId: uniq('v'), cityCode: w.B, date: `${Y + 3}-07-07` } };
      const dlqReq = await new TopicTap([w.topic(`${REQUEST_TOPIC}.dlq`)]).start();
      try {
        await produceRaw(w.topic(REQUEST_TOPIC), [{ key, value: JSON.stringify(freeless) }, { key: goodDone.subject, value: JSON.stringify(goodDone) }]);
        const dead = await dlqReq.waitFor((m) => m.key === key && m.headers['dlq-group'] === group, { timeoutMs: 60_000 });
        expect(dead[0]!.headers['dlq-error']).toMatch(/freeOfCharge/);
        await waitFor(async () => (await get(`/reports/programmes?period=${Y + 3}&region=${w.B}`)).body.figures.visits.instrumentsVerifiedFree === 42, { timeoutMs: 60_000, what: 'the valid completion after the poison' });
      } finally {
        await dlqReq.stop();
      }
    } finally {
      await dlq.stop();
    }
  });
});

describe('the annual work summary', () => {
  it('writes every programme with the province first and then the cities, every figure a sum of the records, in Chinese', async () => {
    const res = await get(`/reports/annual-summary?period=${Y}`);
    expect(res.status).toBe(200);
    expect(res.body.text.split('\n')).toEqual(ZH);
    expect(res.body.text).not.toMatch(/[^\d,.]0(个|家|件|项|台件|人次|次|所)/);
  });

  it('and in English', async () => {
    const res = await get(`/reports/annual-summary?period=${Y}&lang=en`);
    const lines = res.body.text.split('\n') as string[];
    expect(lines).toEqual(EN);
    expect(lines.join(' ')).not.toMatch(/\b0 [a-z]/);
  });

  it('downloads as a Word document that reads back with the same text, and the figures as a sheet', async () => {
    const res = await get(`/reports/annual-summary.docx?period=${Y}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(res.body as Buffer)).file('word/document.xml')!.async('string');
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')).filter(Boolean);
    expect(paragraphs).toEqual(ZH);

    const sheet = await get(`/reports/programmes.xlsx?period=${Y}&lang=en`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(sheet.body as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    const head = rows[0] as string[];
    const col = (name: string) => head.indexOf(name);
    expect(rows.map((r) => r[0])).toEqual(['Region', 'Testland', 'Alpha', 'Beta']);
    expect(rows[1]![col('Metrology for livelihoods: instruments checked')]).toBe(1420);
    expect(rows[2]![col('Metrology for livelihoods: outreach visits')]).toBe(2);
    expect(rows[1]![col('Instruments verified free of charge on service visits')]).toBe(57);
    expect(rows[2]![col('Benefit to enterprises (yuan)')]).toBe(800000.3);
    expect(rows[3]![col('Letters of thanks received')]).toBe(3);
    expect(rows[3]![col('Metrology for livelihoods: enterprises served')]).toBe(1);
    expect(rows[2]![col('Integrity commitments signed')]).toBe(2);
    expect(rows[3]![col('Units uploading energy data in real time')]).toBe(1);
  });
});

describe('a rebuild from the log', () => {
  it('gives the same programme cells, bit for bit, and the same reports', async () => {
    const dbName = `metrodesk_reporting_prog_rebuild_${uniq('r').replace(/-/g, '_')}`;
    const fresh = await createReportingService({ ...env(), MONGO_DB: dbName, CONSUMER_GROUP: uniq('reporting-prog-rebuild'), CONSUMER_FROM_BEGINNING: true }, testLogger('reporting'));
    const on = (s: ReportingService, path: string) => request(s.app).get(path).set(w.provinceManager);
    const paths = [`/reports/programmes?period=${Y}`, `/reports/programmes?period=${Y + 1}`, `/reports/programmes?period=${Y}-Q2&region=${w.A}`, `/reports/annual-summary?period=${Y}`, `/reports/annual-summary?period=${Y}&lang=en`];
    try {
      await fresh.startBackground();
      const original = await Promise.all(paths.map(async (p) => (await get(p)).body));
      const rebuiltReports = () => Promise.all(paths.map(async (p) => (await on(fresh, p)).body));
      // Partitions replay in any order: wait for every report, not just one, to agree.
      await waitFor(async () => JSON.stringify(await rebuiltReports()) === JSON.stringify(original), { timeoutMs: 120_000, intervalMs: 500, what: 'the replayed reports' }).catch(() => undefined);
      expect(await rebuiltReports()).toEqual(original);
      // Every programme contribution the replay made is stored in the running read model exactly so, and none besides.
      const rebuilt = await fresh.model.contrib.find({ fact: /^p:/, dead: false }).sort({ _id: 1 }).toArray();
      expect(rebuilt.length).toBeGreaterThan(10);
      const facts = [...new Set(rebuilt.map((d) => d.fact))];
      expect(await svc.model.contrib.find({ fact: { $in: facts }, dead: false }).sort({ _id: 1 }).toArray()).toEqual(rebuilt);
    } finally {
      await stopAndDrop(fresh, dbName);
    }
  }, 600_000);
});
