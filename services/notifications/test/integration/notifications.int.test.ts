import request from 'supertest';
import { eventFor, uuidv7, type EventDefinition } from '@metrodesk/events';
import type { z } from 'zod';
import { infra, waitFor, uniq } from '@metrodesk/testkit';
import {
  REQUEST_TOPIC, QUALIFICATION_TOPIC, requestFiled, requestStatusChanged, assignmentAssigned, assignmentUnroutable, clockBreached, clockEscalated, clockStarted,
  requestVisitScheduled, requestVisitRescheduled, requestVisitFlagged, enterpriseRegistered, fileExpiring, fileRenewed, userUpdated, instrumentsOverdueCompulsory, INSTRUMENT_TOPIC,
  clockMet, clockWarning, requestClosed, requestReopened, requestResponded, requestResolved, assignmentTransferred, assignmentEscalated,
} from '@metrodesk/contracts';
import { calendarSaved } from '@metrodesk/contracts';
import { sendCityDigests, sendProvinceDigests, type ManagerDigestDeps } from '../../src/use-cases/manager-digests';
import type { Person } from '../../src/domain/people';
import { createNotificationsService, type NotificationsService } from '../../src/service';
import { readConfig } from '../../src/config';
import { queueDueDigests, sendDigest } from '../../src/use-cases/send-email';
import { remindQualification } from '../../src/use-cases/qualification-expiring';
import { noticeAt, noticeKey } from '../../src/domain/qualification-notices';
import { BullReminderQueue } from '../../src/jobs/reminder.worker';
import { SECRET, SHENYANG, DALIAN, as, newUser, publish, mailTo as mailbox, mailBody, SmtpRelay, type TestUser, world } from '../fixtures/notifications';

// The shared servers serve every helper's suites at once: give real I/O room, never assert on speed.
jest.setTimeout(180_000);
const SLOW = { timeoutMs: 90_000, intervalMs: 250 };

const GROUP = uniq('notifications');
/** This run's sender: mail from anyone else on the shared servers is not this run's. */
const FROM = `${GROUP}@notifications.test`;
const mailTo = (address: string) => mailbox(address, FROM);
const relay = new SmtpRelay();
let svc: NotificationsService;
let base: string;

const env = () =>
  readConfig({
    ...world.env, REDIS_URL: infra.redisUrl, IDENTITY_SECRET: SECRET,
    CONSUMER_GROUP: GROUP, QUEUE_PREFIX: `test:${GROUP}`,
    SMTP_HOST: '127.0.0.1', SMTP_PORT: String(relay.port), SMTP_FROM: `计量服务平台测试 <${FROM}>`, CONSOLE_URL: 'https://desk.example.cn', LOG_LEVEL: (process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent',
    // Tests run at any hour; quiet hours are the unit tests' business.
    QUIET_HOURS_FROM: '0', QUIET_HOURS_TO: '0', EMAIL_PER_MINUTE: '4', STREAM_HEARTBEAT_MS: '1000', STREAM_MAX_MS: '15000',
  });

beforeAll(async () => {
  await relay.open();
  await world.create();
  svc = await createNotificationsService(env());
  const port = await svc.start(0);
  base = `http://127.0.0.1:${port}`;
  await consumersJoined();
});
afterAll(async () => {
  await svc?.stop();
  await relay.cut();
  await world.drop();
});

const api = () => request(svc.app);
const inbox = async (u: TestUser) => {
  const res = await api().get('/notifications').set(u.headers);
  expect(res.status).toBe(200);
  return res.body as { items: { id: string; kind: string; requestId: string; subject: string; body: string; link: string; read: boolean; cursor: string }[]; unread: number; nextCursor: string | null };
};
/**
 * The shared servers' SLA service starts a clock for every filing, and its deadline message
 * would join the entries a test counts: such tests switch that kind off in the inbox.
 */
const withoutDeadlineMessages = async (u: TestUser) => {
  const res = await api().patch('/preferences').set(u.headers).send({ channels: { response_deadline: { inapp: false } } });
  expect(res.status).toBe(200);
};
const projected = (u: TestUser) => waitFor(() => svc.deps.people.get(u.userId), { ...SLOW, what: `user ${u.userId} in the projection` });

/** Waits until both consumer groups have joined: a probe user is projected and told of a probe filing. */
async function consumersJoined(): Promise<void> {
  await waitFor(async () => {
    const enterpriseId = uniq('probe-ent');
    const probe = await newUser({ role: 'enterprise', enterpriseId, noEmail: true });
    const known = await waitFor(() => svc.deps.people.get(probe.userId), { timeoutMs: 3000 }).catch(() => null);
    if (!known) return false;
    await fileRequest(enterpriseId, SHENYANG, 'probe');
    return waitFor(async () => (await inbox(probe)).items.length > 0, { timeoutMs: 3000 }).catch(() => false);
  }, { timeoutMs: 120_000, intervalMs: 500, what: 'the consumers to join their groups' });
}

async function fileRequest(enterpriseId: string, cityCode: string, title: string, priority: 'normal' | 'emergency' = 'normal', number?: string) {
  const requestId = uniq('req');
  const e = await publish(requestFiled, requestId, {
    requestId, ...(number ? { number } : {}), enterpriseId, cityCode, category: 'verification_calibration', priority, version: 1, cycle: 1, at: new Date().toISOString(),
    title, instruments: [{ class: '电子天平', count: 2 }], filedBy: 'someone', filedByRole: 'enterprise',
  }, 'requests');
  return { requestId, eventId: e.id, value: e.value };
}

async function assign(requestId: string, cityCode: string, assigneeId: string) {
  return publish(assignmentAssigned, requestId, { requestId, cityCode, at: new Date().toISOString(), assignmentId: uniq('asg'), assigneeId, how: 'auto', by: 'system' }, 'assignment');
}

describe('who is told what', () => {
  it('tells the enterprise of its request in each user\'s language, in the inbox and by email; another enterprise and liaisons hear nothing', async () => {
    const enterpriseId = uniq('ent');
    const zh = await newUser({ role: 'enterprise', enterpriseId });
    const en = await newUser({ role: 'enterprise', enterpriseId, language: 'en' });
    const other = await newUser({ role: 'enterprise', enterpriseId: uniq('ent') });
    const liaison = await newUser({ role: 'liaison', cityCode: SHENYANG });
    const manager = await newUser({ role: 'city_manager', cityCode: SHENYANG });
    await Promise.all([zh, en, other, liaison, manager].map(projected));

    const { requestId } = await fileRequest(enterpriseId, SHENYANG, '电子天平检定');
    const zhItems = await waitFor(async () => (await inbox(zh)).items.find((i) => i.kind === 'request_received'), { ...SLOW, what: 'the zh-CN inbox entry' });
    expect(zhItems).toMatchObject({ subject: '已受理：电子天平检定', link: `/portal/requests/${requestId}`, read: false });
    const enItem = await waitFor(async () => (await inbox(en)).items.find((i) => i.kind === 'request_received'), SLOW);
    expect(enItem.subject).toBe('Received: 电子天平检定');

    // The shared servers' SLA service may start a clock for the filing, whose deadline message also comes by email.
    const received = async (u: TestUser) => (await mailTo(u.email!)).filter((m) => /^(已受理|Received)/.test(m.Subject));
    const [zhMail] = await waitFor(async () => ((await received(zh)).length > 0 ? received(zh) : undefined), { ...SLOW, what: 'the zh-CN email in Mailpit' });
    expect(zhMail!.Subject).toBe('已受理：电子天平检定');
    const body = await mailBody(zhMail!.ID);
    expect(body.Text).toContain(`https://desk.example.cn/portal/requests/${requestId}`);
    expect(body.HTML).toContain('在控制台中查看');
    const [enMail] = await waitFor(async () => ((await received(en)).length > 0 ? received(en) : undefined), SLOW);
    expect(enMail!.Subject).toBe('Received: 电子天平检定');

    // Denials: by now the filing has been handled for everyone. (On the shared servers real
    // services answer filings with events of their own: a city manager may rightly hear that
    // one could not be routed, so only this kind is checked.)
    for (const u of [other, liaison, manager]) {
      expect((await inbox(u)).items.filter((i) => i.requestId === requestId && i.kind === 'request_received')).toHaveLength(0);
      expect((await mailTo(u.email!)).filter((m) => m.Subject.startsWith('已受理'))).toHaveLength(0);
    }
  });

  it('tells a liaison of an assignment to them, not another liaison of the city nor one elsewhere; the city manager hears of a breach, another city\'s does not', async () => {
    const enterpriseId = uniq('ent');
    const mine = await newUser({ role: 'liaison', cityCode: SHENYANG, language: 'en' });
    const colleague = await newUser({ role: 'liaison', cityCode: SHENYANG });
    const elsewhere = await newUser({ role: 'liaison', cityCode: DALIAN });
    const cm = await newUser({ role: 'city_manager', cityCode: SHENYANG });
    const otherCm = await newUser({ role: 'city_manager', cityCode: DALIAN });
    await Promise.all([mine, colleague, elsewhere, cm, otherCm].map(projected));

    const { requestId } = await fileRequest(enterpriseId, SHENYANG, 'Pressure gauges');
    await assign(requestId, SHENYANG, mine.userId);
    const item = await waitFor(async () => (await inbox(mine)).items.find((i) => i.kind === 'assigned_to_you'), SLOW);
    expect(item).toMatchObject({ subject: 'Assigned to you: Pressure gauges', link: `/work/requests/${requestId}` });

    const deadline = new Date().toISOString();
    await publish(clockBreached, requestId, { requestId, cityCode: SHENYANG, cycle: 1, clock: 'response', policyId: 'p', policyVersion: 1, at: deadline, deadline }, 'sla');
    await waitFor(async () => (await inbox(cm)).items.find((i) => i.kind === 'sla_breached'), SLOW);
    await waitFor(async () => (await inbox(mine)).items.find((i) => i.kind === 'sla_breached'), SLOW);
    for (const u of [colleague, elsewhere, otherCm]) expect((await inbox(u)).items.filter((i) => i.requestId === requestId)).toHaveLength(0);
  });

  it('tells the city managers of an unroutable request and the province of an escalation to it', async () => {
    const cm = await newUser({ role: 'city_manager', cityCode: DALIAN });
    const pm = await newUser({ role: 'province_manager' });
    const otherCm = await newUser({ role: 'city_manager', cityCode: SHENYANG });
    await Promise.all([cm, pm, otherCm].map(projected));
    const { requestId } = await fileRequest(uniq('ent'), DALIAN, '能源计量审查');
    await publish(assignmentUnroutable, requestId, { requestId, cityCode: DALIAN, at: new Date().toISOString(), reason: 'no liaison' }, 'assignment');
    await waitFor(async () => (await inbox(cm)).items.find((i) => i.kind === 'unroutable'), SLOW);
    const at = new Date().toISOString();
    await publish(clockEscalated, requestId, { requestId, cityCode: DALIAN, cycle: 1, clock: 'response', policyId: 'p', policyVersion: 1, at, level: 'province', threshold: 150, deadline: at }, 'sla');
    const esc = await waitFor(async () => (await inbox(pm)).items.find((i) => i.kind === 'escalated'), SLOW);
    expect(esc.subject).toBe('已升级至省局：能源计量审查');
    expect((await inbox(otherCm)).items.filter((i) => i.requestId === requestId)).toHaveLength(0);
  });

  it('tells the enterprise when the liaison asks a question and the liaison when it is answered', async () => {
    const enterpriseId = uniq('ent');
    const ent = await newUser({ role: 'enterprise', enterpriseId, noEmail: true });
    const liaison = await newUser({ role: 'liaison', cityCode: SHENYANG, noEmail: true });
    await Promise.all([ent, liaison].map(projected));
    const { requestId } = await fileRequest(enterpriseId, SHENYANG, '衡器检定');
    await assign(requestId, SHENYANG, liaison.userId);
    await waitFor(async () => (await inbox(liaison)).items.length > 0, SLOW);
    const ref = { requestId, enterpriseId, cityCode: SHENYANG, category: 'verification_calibration' as const, priority: 'normal' as const, cycle: 1, at: new Date().toISOString(), by: 'x' };
    await publish(requestStatusChanged, requestId, { ...ref, version: 3, from: 'in_progress', to: 'waiting_enterprise', action: 'ask' }, 'requests');
    await waitFor(async () => (await inbox(ent)).items.find((i) => i.kind === 'question_asked'), SLOW);
    await publish(requestStatusChanged, requestId, { ...ref, version: 4, from: 'waiting_enterprise', to: 'in_progress', action: 'answer' }, 'requests');
    await waitFor(async () => (await inbox(liaison)).items.find((i) => i.kind === 'enterprise_answered'), SLOW);
  });
});

describe('the rest of a request\'s life', () => {
  it('tells the enterprise it was responded to, resolved (please rate, and again before the deadline) and closed; the liaison of SLA warnings, a transfer to them and an unsatisfied return visit; the escalation\'s named managers within scope; nobody else', async () => {
    const enterpriseId = uniq('ent');
    const owner = await newUser({ role: 'enterprise', enterpriseId, language: 'en' });
    const stranger = await newUser({ role: 'enterprise', enterpriseId: uniq('ent') });
    const first = await newUser({ role: 'liaison', cityCode: SHENYANG, language: 'en' });
    const second = await newUser({ role: 'liaison', cityCode: SHENYANG });
    const cm = await newUser({ role: 'city_manager', cityCode: SHENYANG });
    const elsewhereCm = await newUser({ role: 'city_manager', cityCode: DALIAN });
    await Promise.all([owner, stranger, first, second, cm, elsewhereCm].map(projected));
    await withoutDeadlineMessages(owner);
    const { requestId } = await fileRequest(enterpriseId, SHENYANG, 'Balances');
    const at = () => new Date().toISOString();
    const ref = (version: number) => ({ requestId, enterpriseId, cityCode: SHENYANG, category: 'verification_calibration' as const, priority: 'normal' as const, version, cycle: 1, at: at() });
    const clock = (c: 'response' | 'resolution' | 'return_visit', threshold: number) => ({ requestId, cityCode: SHENYANG, cycle: 1, clock: c, policyId: 'p', policyVersion: 1, at: at(), threshold, deadline: '2026-05-01T02:00:00.000Z' });
    const kinds = async (u: TestUser) => (await inbox(u)).items.filter((i) => i.requestId === requestId).map((i) => i.kind).sort();
    const told = (u: TestUser, kind: string, n = 1) => waitFor(async () => ((await kinds(u)).filter((k) => k === kind).length >= n ? true : undefined), { ...SLOW, what: `${kind} x${n} for ${u.role}` });

    await assign(requestId, SHENYANG, first.userId);
    await told(first, 'assigned_to_you');
    await publish(requestResponded, requestId, { ...ref(2), by: first.userId }, 'requests');
    await publish(clockWarning, requestId, clock('response', 50), 'sla');
    await publish(clockWarning, requestId, clock('response', 75), 'sla');
    await told(owner, 'request_responded');
    await told(first, 'sla_warning', 2);
    const warnings = (await inbox(first)).items.filter((i) => i.requestId === requestId && i.kind === 'sla_warning').map((i) => i.subject).sort();
    expect(warnings).toEqual(['50% of the time used: Balances', '75% of the time used: Balances']);

    await publish(assignmentTransferred, requestId, { requestId, cityCode: SHENYANG, at: at(), assignmentId: uniq('asg'), fromAssigneeId: first.userId, toAssigneeId: second.userId, toCityCode: SHENYANG, reason: 'leave', by: cm.userId }, 'assignment');
    await told(second, 'assigned_to_you');
    await publish(clockWarning, requestId, clock('resolution', 75), 'sla');
    await told(second, 'sla_warning');
    await publish(requestResolved, requestId, { ...ref(3), solved: true, solutionKind: 'technical_advice', by: second.userId }, 'requests');
    await publish(clockWarning, requestId, clock('return_visit', 50), 'sla');
    await told(owner, 'request_resolved');
    await told(owner, 'return_visit_due');
    await publish(requestReopened, requestId, { ...ref(4), satisfaction: 2, reason: 'unsatisfied' }, 'requests');
    await told(second, 'return_unsatisfied');
    await publish(requestClosed, requestId, { ...ref(5), satisfaction: 5, satisfied: true, outcome: 'satisfied' }, 'requests');
    await told(owner, 'request_closed');
    await publish(assignmentEscalated, requestId, { requestId, cityCode: SHENYANG, at: at(), level: 'city', notifiedUserIds: [cm.userId, elsewhereCm.userId], reason: 'overdue' }, 'assignment');
    await told(cm, 'escalated');

    expect(await kinds(owner)).toEqual(['request_closed', 'request_received', 'request_resolved', 'request_responded', 'return_visit_due']);
    expect((await inbox(owner)).items.find((i) => i.kind === 'request_resolved')).toMatchObject({ subject: 'Resolved, please rate: Balances', link: `/portal/requests/${requestId}` });
    // The first liaison hears nothing after the transfer; the second nothing from before it.
    expect(await kinds(first)).toEqual(['assigned_to_you', 'sla_warning', 'sla_warning']);
    expect(await kinds(second)).toEqual(['assigned_to_you', 'return_unsatisfied', 'sla_warning']);
    expect(await kinds(stranger)).toEqual([]);
    // Named by the escalation but of another city: not told.
    expect(await kinds(elsewhereCm)).toEqual([]);
  });
});

describe('the request number', () => {
  it('heads the subject and is named in the body of every message about the request, in the inbox and by email, in both languages', async () => {
    const enterpriseId = uniq('ent');
    const zh = await newUser({ role: 'enterprise', enterpriseId });
    const en = await newUser({ role: 'enterprise', enterpriseId, language: 'en' });
    const liaison = await newUser({ role: 'liaison', cityCode: SHENYANG, language: 'en' });
    await Promise.all([zh, en, liaison].map(projected));
    const number = `210100-2026-${String(Date.now() % 1_000_000).padStart(6, '0')}`;

    const { requestId } = await fileRequest(enterpriseId, SHENYANG, '压力表检定', 'normal', number);
    await assign(requestId, SHENYANG, liaison.userId);
    const zhItem = await waitFor(async () => (await inbox(zh)).items.find((i) => i.requestId === requestId && i.kind === 'request_received'), SLOW);
    expect(zhItem.subject).toBe(`[${number}] 已受理：压力表检定`);
    expect(zhItem.body).toContain(`请求编号：${number}`);
    const enItem = await waitFor(async () => (await inbox(en)).items.find((i) => i.requestId === requestId && i.kind === 'request_received'), SLOW);
    expect(enItem.subject).toBe(`[${number}] Received: 压力表检定`);
    expect(enItem.body).toContain(`Request number: ${number}`);
    // The assignment event carries no number: the projection remembers it from the filing.
    const assigned = await waitFor(async () => (await inbox(liaison)).items.find((i) => i.requestId === requestId && i.kind === 'assigned_to_you'), SLOW);
    expect(assigned.subject).toBe(`[${number}] Assigned to you: 压力表检定`);

    const mailed = async (u: TestUser, subject: string) => (await mailTo(u.email!)).find((m) => m.Subject === subject);
    const zhMail = await waitFor(() => mailed(zh, `[${number}] 已受理：压力表检定`), { ...SLOW, what: 'the numbered zh-CN email' });
    const zhBody = await mailBody(zhMail.ID);
    expect(zhBody.Text).toContain(`请求编号：${number}`);
    expect(zhBody.HTML).toContain(number);
    const enMail = await waitFor(() => mailed(en, `[${number}] Received: 压力表检定`), { ...SLOW, what: 'the numbered en email' });
    expect((await mailBody(enMail.ID)).Text).toContain(`Request number: ${number}`);
    await waitFor(() => mailed(liaison, `[${number}] Assigned to you: 压力表检定`), { ...SLOW, what: 'the numbered email to the liaison' });
  });
});

describe('visits and the response deadline', () => {
  const ref = (requestId: string, enterpriseId: string) => ({ requestId, enterpriseId, cityCode: SHENYANG, category: 'verification_calibration' as const, priority: 'normal' as const, version: 3, cycle: 1, at: new Date().toISOString() });
  const visit = (requestId: string, enterpriseId: string, date: string, slot: 'morning' | 'afternoon') => ({
    ...ref(requestId, enterpriseId), visitId: 'v1', date, slot, siteAddress: null, instruments: [{ class: '电子天平', count: 2 }], by: 'l',
    verifiers: [{ personKey: 'k1', name: '李四', instituteUscc: '12210000000000000X', instituteName: null }, { personKey: 'k2', name: '王五', instituteUscc: '12210000000000000X', instituteName: null }],
  });
  const responseClock = (requestId: string, deadline: string) => ({ requestId, cityCode: SHENYANG, cycle: 1, clock: 'response' as const, policyId: 'p', policyVersion: 1, at: new Date().toISOString(), deadline, target: 'PT24H' });

  it('tells the enterprise a visit is scheduled and moved, with verifiers by name; the assigned liaison, not another, that a verifier lost their qualification', async () => {
    const enterpriseId = uniq('ent');
    const owner = await newUser({ role: 'enterprise', enterpriseId, language: 'en' });
    const other = await newUser({ role: 'enterprise', enterpriseId: uniq('ent') });
    const liaison = await newUser({ role: 'liaison', cityCode: SHENYANG });
    const colleague = await newUser({ role: 'liaison', cityCode: SHENYANG });
    await Promise.all([owner, other, liaison, colleague].map(projected));
    const { requestId } = await fileRequest(enterpriseId, SHENYANG, 'Balances');
    await assign(requestId, SHENYANG, liaison.userId);
    await waitFor(async () => (await inbox(liaison)).items.find((i) => i.requestId === requestId), SLOW);

    await publish(requestVisitScheduled, requestId, visit(requestId, enterpriseId, '2026-03-05', 'morning'), 'requests');
    await publish(requestVisitRescheduled, requestId, { ...visit(requestId, enterpriseId, '2026-03-06', 'afternoon'), previousDate: '2026-03-05', previousSlot: 'morning' }, 'requests');
    await publish(requestVisitFlagged, requestId, { ...visit(requestId, enterpriseId, '2026-03-06', 'afternoon'), assigneeId: liaison.userId, personKey: 'k1', verifierName: '李四', certificateNo: null, reason: 'expired' }, 'requests');

    const items = await waitFor(async () => {
      const mine = (await inbox(owner)).items.filter((i) => i.requestId === requestId && i.kind.startsWith('visit_'));
      return mine.length === 2 ? mine : undefined;
    }, { ...SLOW, what: 'both visit messages' });
    expect(items.map((i) => i.body).sort()).toEqual([
      'The on-site verification for "Balances" is scheduled for the morning of 2026-03-05; verifiers: 李四, 王五.',
      'The on-site verification for "Balances" moved to the afternoon of 2026-03-06; verifiers: 李四, 王五.',
    ]);
    expect(items.every((i) => i.link === `/portal/requests/${requestId}`)).toBe(true);
    const flagged = await waitFor(async () => (await inbox(liaison)).items.find((i) => i.kind === 'visit_flagged' && i.requestId === requestId), SLOW);
    expect(flagged.body).toBe('服务请求“Balances”定于 2026-03-06 下午的上门检定，检定人员李四的资质已失效，请更换人员或改期。');
    expect(flagged.link).toBe(`/work/requests/${requestId}`);
    const [mail] = await waitFor(async () => {
      const m = (await mailTo(owner.email!)).filter((x) => x.Subject === 'Visit moved: Balances');
      return m.length > 0 ? m : undefined;
    }, { ...SLOW, what: 'the visit-moved email' });
    expect((await mailBody(mail!.ID)).Text).toContain('the afternoon of 2026-03-06');

    expect((await inbox(other)).items.filter((i) => i.requestId === requestId)).toHaveLength(0);
    expect((await inbox(colleague)).items.filter((i) => i.requestId === requestId)).toHaveLength(0);
    expect((await inbox(owner)).items.filter((i) => i.kind === 'visit_flagged')).toHaveLength(0);
  });

  it('quotes the response deadline in "request received" when the clock started first', async () => {
    const enterpriseId = uniq('ent');
    const owner = await newUser({ role: 'enterprise', enterpriseId });
    await projected(owner);
    const requestId = uniq('req');
    await publish(clockStarted, requestId, responseClock(requestId, '2026-03-03T01:00:00.000Z'), 'sla');
    await waitFor(async () => (await svc.deps.requests.get(requestId))?.responseDeadline, { ...SLOW, what: 'the deadline learnt' });
    await publish(requestFiled, requestId, {
      ...ref(requestId, enterpriseId), version: 1, title: '压力表检定', instruments: [{ class: '压力表', count: 1 }], filedBy: 'x', filedByRole: 'enterprise',
    }, 'requests');
    const item = await waitFor(async () => (await inbox(owner)).items.find((i) => i.kind === 'request_received' && i.requestId === requestId), SLOW);
    expect(item.body).toBe('您的服务请求“压力表检定”已受理，联络员将于 2026-03-03 09:00（北京时间）前响应。');
  });

  it('sends the response deadline in a short second message when the filing came first', async () => {
    const enterpriseId = uniq('ent');
    const owner = await newUser({ role: 'enterprise', enterpriseId, language: 'en' });
    await projected(owner);
    const { requestId } = await fileRequest(enterpriseId, SHENYANG, 'Gauges');
    await waitFor(async () => (await inbox(owner)).items.find((i) => i.kind === 'request_received' && i.requestId === requestId), SLOW);
    await publish(clockStarted, requestId, responseClock(requestId, '2026-04-01T02:30:00.000Z'), 'sla');
    // The shared servers' SLA service may start its own clock for this filing: look for ours.
    const item = await waitFor(async () => (await inbox(owner)).items.find((i) => i.kind === 'response_deadline' && i.body.includes('2026-04-01 10:30')), SLOW);
    expect(item).toMatchObject({ subject: 'Response due: Gauges', body: 'A liaison will respond to your service request "Gauges" by 2026-04-01 10:30 (Beijing time).', link: `/portal/requests/${requestId}` });
  });
});

describe('a person changing their own address and language', () => {
  it('sends the next email to the new address in the new language, and nothing more to the old one', async () => {
    const enterpriseId = uniq('ent');
    const ent = await newUser({ role: 'enterprise', enterpriseId, name: '王企业' });
    await projected(ent);
    const received = async (address: string) => (await mailTo(address)).filter((m) => /^(已受理|Received)/.test(m.Subject));
    await fileRequest(enterpriseId, SHENYANG, '压力表检定');
    const [before] = await waitFor(async () => ((await received(ent.email!)).length > 0 ? received(ent.email!) : undefined), { ...SLOW, what: 'the first email' });
    expect(before!.Subject).toBe('已受理：压力表检定');

    // What identity publishes when the person saves their profile (PATCH /me).
    const moved = `${ent.userId}-new@example.cn`;
    await publish(userUpdated, ent.userId, { userId: ent.userId, version: 2, name: '王企业', role: 'enterprise', enterpriseId, cityCode: null, active: true, email: moved, language: 'en' }, 'identity');
    await waitFor(async () => (await svc.deps.people.get(ent.userId))?.email === moved, { ...SLOW, what: 'the new address in the projection' });
    await fileRequest(enterpriseId, SHENYANG, 'Pressure gauge');
    const [after] = await waitFor(async () => ((await received(moved)).length > 0 ? received(moved) : undefined), { ...SLOW, what: 'the email at the new address' });
    expect(after!.Subject).toBe('Received: Pressure gauge');
    expect((await mailBody(after!.ID)).Text).toContain("Open in the console");
    expect(await received(ent.email!)).toHaveLength(1);
    const entries = (await inbox(ent)).items.filter((i) => i.kind === 'request_received');
    expect(entries.map((i) => i.subject)).toEqual(['Received: Pressure gauge', '已受理：压力表检定']);
  });
});

describe('qualification files of an enterprise\'s staff', () => {
  const usccOf = () => `91210100${Math.random().toString(36).slice(2, 12).toUpperCase().padEnd(10, '0')}`;
  const inDays = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
  const notices = async (u: TestUser) => (await inbox(u)).items.filter((i) => i.kind === 'qualification_expiring');

  /** An enterprise known from accounts, with users; returns them and a file publisher. */
  async function employer() {
    const enterpriseId = uniq('ent');
    const uscc = usccOf();
    const staff = await newUser({ role: 'enterprise', enterpriseId });
    const other = await newUser({ role: 'enterprise', enterpriseId: uniq('ent') });
    const manager = await newUser({ role: 'city_manager', cityCode: SHENYANG });
    await Promise.all([staff, other, manager].map(projected));
    await publish(enterpriseRegistered, enterpriseId, {
      enterpriseId, version: 1, uscc, name: '沈阳某仪表厂', provinceCode: '210000', cityCode: SHENYANG, status: 'active', tags: [],
      flags: { contactPoint: false, keyEnergyUnit: false, integrityCommitment: false, integrityDemonstration: false },
    }, 'accounts');
    await waitFor(() => svc.deps.employers.byUscc(uscc), { ...SLOW, what: 'the employer in the projection' });
    const fileId = uniq('file');
    const file = (version: number, expiresOn: string, status: 'expiring' | 'valid') => ({
      fileId, version, personKey: 'pk', personName: '赵六', employerUscc: uscc, type: 'verifier', scope: ['电子天平'], certificateNo: 'C-1', issuedOn: '2021-06-01', expiresOn, status,
    });
    return { staff, other, manager, fileId, file };
  }

  it('tells the users of the holder\'s employer, found by its USCC, and nobody else, and again 30 days before expiry, once each', async () => {
    const { staff, other, manager, fileId, file } = await employer();
    const expiresOn = inDays(60);
    await publish(fileExpiring, fileId, file(2, expiresOn, 'expiring'), 'qualifications');
    const item = await waitFor(async () => (await notices(staff))[0], { ...SLOW, what: 'the notice' });
    expect(item).toMatchObject({ id: `${noticeKey(fileId, expiresOn, 90)}:${staff.userId}:inapp`, requestId: null, subject: '资质即将到期：赵六', link: '/portal/qualifications' });
    expect(item.body).toContain(`检定员资质将于 ${expiresOn} 到期（还有 60 天）`);
    const [mail] = await waitFor(async () => {
      const m = (await mailTo(staff.email!)).filter((x) => x.Subject === '资质即将到期：赵六');
      return m.length > 0 ? m : undefined;
    }, { ...SLOW, what: 'the email' });
    expect((await mailBody(mail!.ID)).Text).toContain('https://desk.example.cn/portal/qualifications');
    for (const u of [other, manager]) expect(await notices(u)).toHaveLength(0);
    // Unread notices about no request do not mark any queue row.
    expect((await api().get('/notifications/unread-by-request').set(staff.headers)).body.requests).not.toHaveProperty('null');

    // The 30-day reminder waits in BullMQ for 08:00 Beijing time, 30 days before expiry.
    const job = await (svc.deps.reminders as BullReminderQueue).queue.getJob(`qualification-30|${fileId}|${expiresOn}`);
    // The delay is the target less the clock when queued; BullMQ stamps the job a moment later.
    expect(Math.abs(job!.timestamp + job!.opts.delay! - noticeAt(expiresOn, 30).getTime())).toBeLessThan(1000);
    // What the job does when its day comes, twice: one more notice.
    const reminder = { fileId, personName: '赵六', employerUscc: job!.data.employerUscc, type: 'verifier', expiresOn, threshold: 30 as const };
    expect(await remindQualification(svc.deps, reminder)).toBe(1);
    await remindQualification(svc.deps, reminder);
    // The same file announced expiring again (say, after a suspension) repeats nothing either.
    await publish(fileExpiring, fileId, file(4, expiresOn, 'expiring'), 'qualifications');
    await waitFor(async () => (await svc.deps.qualificationFiles.get(fileId))?.version === 4, SLOW);
    expect((await notices(staff)).map((i) => i.id).sort()).toEqual([`${noticeKey(fileId, expiresOn, 30)}:${staff.userId}:inapp`, `${noticeKey(fileId, expiresOn, 90)}:${staff.userId}:inapp`]);
    for (const u of [other, manager]) expect(await notices(u)).toHaveLength(0);
  });

  it('dead-letters a file event with invalid data, and a repeated one is told once', async () => {
    const { staff, fileId, file } = await employer();
    const dlq = await world.tap([`${QUALIFICATION_TOPIC}.dlq`]);
    try {
      const bad = await publish(fileExpiring, fileId, file(2, inDays(50), 'expiring'), 'qualifications');
      const invalid = JSON.parse(bad.value) as { data: Record<string, unknown> };
      invalid.data.expiresOn = 'soon';
      const invalidKey = uniq('invalid-file');
      await world.produce(QUALIFICATION_TOPIC, [{ key: invalidKey, value: JSON.stringify({ ...invalid, id: uuidv7(), subject: invalidKey }) }, { key: fileId, value: bad.value }]);
      const [dead] = await dlq.waitFor((m) => m.key === invalidKey && m.headers['dlq-group'] === world.topic(GROUP), { timeoutMs: 90_000 });
      expect(dead!.headers['dlq-error']).toMatch(/expiresOn/);
      await waitFor(async () => (await notices(staff)).length > 0, SLOW);
      // Later events on the file's key are handled after the repeat.
      await publish(fileRenewed, fileId, file(3, inDays(2000), 'valid'), 'qualifications');
      await waitFor(async () => (await svc.deps.qualificationFiles.get(fileId))?.version === 3, SLOW);
      expect(await notices(staff)).toHaveLength(1);
    } finally {
      await dlq.stop();
    }
  });

  it('reminds of no file renewed in the meantime, and tells a file entering with 30 days or fewer left once', async () => {
    const renewed = await employer();
    const expiresOn = inDays(75);
    await publish(fileExpiring, renewed.fileId, renewed.file(2, expiresOn, 'expiring'), 'qualifications');
    await waitFor(async () => (await notices(renewed.staff))[0], { ...SLOW, what: 'the first notice' });
    await publish(fileRenewed, renewed.fileId, renewed.file(3, inDays(75 + 5 * 365), 'valid'), 'qualifications');
    await waitFor(async () => (await svc.deps.qualificationFiles.get(renewed.fileId))?.status === 'valid', SLOW);
    expect(await remindQualification(svc.deps, { fileId: renewed.fileId, personName: '赵六', employerUscc: 'x', type: 'verifier', expiresOn, threshold: 30 })).toBe(0);
    expect(await notices(renewed.staff)).toHaveLength(1);

    const late = await employer();
    const soon = inDays(20);
    await publish(fileExpiring, late.fileId, late.file(2, soon, 'expiring'), 'qualifications');
    const item = await waitFor(async () => (await notices(late.staff))[0], { ...SLOW, what: 'the late notice' });
    expect(item.id).toBe(`${noticeKey(late.fileId, soon, 30)}:${late.staff.userId}:inapp`);
    expect(item.body).toContain('（还有 20 天）');
    expect(await (svc.deps.reminders as BullReminderQueue).queue.getJob(`qualification-30|${late.fileId}|${soon}`)).toBeUndefined();
  });
});

describe('overdue compulsory instruments', () => {
  it('tells the city\'s liaisons, each in their language and once, how many are overdue at how many enterprises; nobody of another city, no manager, no enterprise', async () => {
    const zh = await newUser({ role: 'liaison', cityCode: SHENYANG });
    const en = await newUser({ role: 'liaison', cityCode: SHENYANG, language: 'en' });
    const elsewhere = await newUser({ role: 'liaison', cityCode: DALIAN });
    const manager = await newUser({ role: 'city_manager', cityCode: SHENYANG });
    const enterprise = await newUser({ role: 'enterprise', enterpriseId: uniq('ent') });
    await Promise.all([zh, en, elsewhere, manager, enterprise].map(projected));
    const runDate = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const fact = { cityCode: SHENYANG, runDate, count: 3, enterprises: [{ enterpriseId: uniq('ent'), count: 2, oldestDueOn: '2026-09-30' }, { enterpriseId: uniq('ent'), count: 1, oldestDueOn: '2026-08-15' }] };
    const sent = await publish(instrumentsOverdueCompulsory, SHENYANG, fact, 'accounts');
    // The scan repeats its fact's id on a rerun of the day: the same event twice tells once.
    await world.produce(INSTRUMENT_TOPIC, [{ key: SHENYANG, value: sent.value }]);
    const ofFact = async (u: TestUser) => (await inbox(u)).items.filter((i) => i.id === `${sent.id}:${u.userId}:inapp`);
    const [zhItem] = await waitFor(async () => ((await ofFact(zh)).length > 0 ? ofFact(zh) : undefined), { ...SLOW, what: 'the liaison\'s notice' });
    expect(zhItem).toMatchObject({ kind: 'instruments_overdue', requestId: null, subject: '强制检定器具逾期：3 台', link: '/instruments/due' });
    expect(zhItem!.body).toBe(`截至 ${runDate}，本市有 3 台在用强制检定计量器具超过检定有效期，涉及 2 家企业，最早应于 2026-08-15 检定。请联系企业尽快安排检定。`);
    const [enItem] = await waitFor(async () => ((await ofFact(en)).length > 0 ? ofFact(en) : undefined), { ...SLOW, what: 'the English notice' });
    expect(enItem!.subject).toBe('Compulsory instruments overdue: 3');
    expect(enItem!.body).toContain('at 2 enterprises; the oldest was due on 2026-08-15');
    const [mail] = await waitFor(async () => {
      const m = (await mailTo(zh.email!)).filter((x) => x.Subject === '强制检定器具逾期：3 台');
      return m.length > 0 ? m : undefined;
    }, { ...SLOW, what: 'the email' });
    expect((await mailBody(mail!.ID)).Text).toContain('https://desk.example.cn/instruments/due');
    // Told once, though the event came twice; the others not at all.
    expect(await ofFact(zh)).toHaveLength(1);
    for (const u of [elsewhere, manager, enterprise]) expect(await ofFact(u)).toHaveLength(0);
    expect((await mailTo(zh.email!)).filter((x) => x.Subject === '强制检定器具逾期：3 台')).toHaveLength(1);
  });
});

describe('exactly once', () => {
  it('a duplicated event yields one notification and one email', async () => {
    const enterpriseId = uniq('ent');
    const ent = await newUser({ role: 'enterprise', enterpriseId });
    await projected(ent);
    const filed = await fileRequest(enterpriseId, SHENYANG, '重复事件');
    await world.produce(REQUEST_TOPIC, [{ key: filed.requestId, value: filed.value }, { key: filed.requestId, value: filed.value }]);
    await waitFor(async () => (await mailTo(ent.email!)).length > 0, SLOW);
    // A later event on the same key is handled after the repeats, so they have been seen by then.
    await publish(requestStatusChanged, filed.requestId, { requestId: filed.requestId, enterpriseId, cityCode: SHENYANG, category: 'other', priority: 'normal', cycle: 1, version: 2, at: new Date().toISOString(), by: 'x', from: 'in_progress', to: 'waiting_enterprise', action: 'ask' }, 'requests');
    await waitFor(async () => (await inbox(ent)).items.find((i) => i.kind === 'question_asked'), SLOW);
    await waitFor(async () => (await mailTo(ent.email!)).some((m) => m.Subject.startsWith('需要您答复')), SLOW);
    expect((await inbox(ent)).items.filter((i) => i.kind === 'request_received')).toHaveLength(1);
    expect((await mailTo(ent.email!)).filter((m) => m.Subject.startsWith('已受理'))).toHaveLength(1);
  });

  it('sends a malformed event and one with invalid data to the dead-letter topic, passes over a type it does not handle, and goes on', async () => {
    const dlq = await world.tap([`${REQUEST_TOPIC}.dlq`]);
    try {
      const brokenKey = uniq('broken');
      const invalidKey = uniq('invalid');
      const invalid = JSON.parse((await fileRequest(uniq('ent'), SHENYANG, 'x')).value) as { data: Record<string, unknown> };
      invalid.data.cityCode = 'nowhere';
      await world.produce(REQUEST_TOPIC, [{ key: brokenKey, value: '{not json' }, { key: invalidKey, value: JSON.stringify({ ...invalid, id: uuidv7() }) }]);
      const dead = await dlq.waitFor((m) => (m.key === brokenKey || m.key === invalidKey) && m.headers['dlq-group'] === world.topic(GROUP), { timeoutMs: 90_000, count: 2 });
      expect(dead.find((m) => m.key === invalidKey)!.headers['dlq-error']).toMatch(/cityCode/);
      // And the consumer goes on. A type it does not handle (another service's newer event)
      // is passed over, not dead-lettered: it goes just before a filing on its partition (same key).
      const enterpriseId = uniq('ent');
      const ent = await newUser({ role: 'enterprise', enterpriseId, noEmail: true });
      await projected(ent);
      const laterId = uniq('req');
      const unknown = { ...JSON.parse((await fileRequest(uniq('ent'), SHENYANG, 'y')).value), id: uuidv7(), type: 'requests.request.instrument-results', subject: laterId, data: { requestId: laterId, results: [] } };
      await world.produce(REQUEST_TOPIC, [{ key: laterId, value: JSON.stringify(unknown) }]);
      await publish(requestFiled, laterId, { requestId: laterId, enterpriseId, cityCode: SHENYANG, category: 'verification_calibration', priority: 'normal', version: 1, cycle: 1, at: new Date().toISOString(), title: '之后的请求', instruments: [{ class: '电子天平', count: 1 }], filedBy: 'someone', filedByRole: 'enterprise' }, 'requests');
      await waitFor(async () => (await inbox(ent)).items.find((i) => i.requestId === laterId), SLOW);
      // A dead letter would have been written before the filing was handled; give the tap time to see one.
      // Only this group's: other services' suites on the shared servers read the same topic.
      await new Promise((r) => setTimeout(r, 3000));
      expect(dlq.messages.filter((m) => m.key === laterId && m.headers['dlq-group'] === world.topic(GROUP))).toHaveLength(0);
    } finally {
      await dlq.stop();
    }
  });
});

describe('order', () => {
  it('handles the events of many requests side by side, each request\'s in the order they were sent', async () => {
    // One batch interleaving several requests' lives: every request's notices must come out in
    // the order of its events (its inbox cursors rise with handling), whatever the others do.
    const lives = await Promise.all(Array.from({ length: 8 }, async () => {
      const enterpriseId = uniq('ent');
      const u = await newUser({ role: 'enterprise', enterpriseId, noEmail: true });
      await projected(u);
      await withoutDeadlineMessages(u);
      return { u, enterpriseId, requestId: uniq('req') };
    }));
    const message = <S extends z.ZodType>(def: EventDefinition<S>, subject: string, data: z.input<S>) => ({ key: subject, value: JSON.stringify(eventFor(def, { subject, data, source: 'requests' }).event) });
    const ref = (l: (typeof lives)[number], version: number) => ({ requestId: l.requestId, enterpriseId: l.enterpriseId, cityCode: SHENYANG, category: 'verification_calibration' as const, priority: 'normal' as const, version, cycle: 1, at: new Date().toISOString() });
    const steps = [
      (l: (typeof lives)[number]) => message(requestFiled, l.requestId, { ...ref(l, 1), title: '顺序', instruments: [{ class: '电子天平', count: 1 }], filedBy: 'x', filedByRole: 'enterprise' }),
      (l: (typeof lives)[number]) => message(requestResponded, l.requestId, { ...ref(l, 2), by: 'x' }),
      (l: (typeof lives)[number]) => message(requestStatusChanged, l.requestId, { ...ref(l, 3), by: 'x', from: 'in_progress', to: 'waiting_enterprise', action: 'ask' }),
    ];
    await world.produce(REQUEST_TOPIC, steps.flatMap((step) => lives.map(step)));
    for (const l of lives) {
      const told = await waitFor(async () => {
        const items = (await inbox(l.u)).items.filter((i) => i.requestId === l.requestId);
        return items.length >= 3 ? items : undefined;
      }, { ...SLOW, what: `three notices for ${l.requestId}` });
      expect([...told].sort((a, b) => a.cursor.localeCompare(b.cursor)).map((i) => i.kind)).toEqual(['request_received', 'request_responded', 'question_asked']);
    }
  });
});

describe('the inbox', () => {
  it('pages newest first, counts unread, marks one and all read, and keeps other people\'s entries out of reach', async () => {
    const enterpriseId = uniq('ent');
    const ent = await newUser({ role: 'enterprise', enterpriseId, noEmail: true });
    const stranger = await newUser({ role: 'enterprise', enterpriseId: uniq('ent'), noEmail: true });
    await Promise.all([ent, stranger].map(projected));
    await withoutDeadlineMessages(ent);
    for (const t of ['一', '二', '三']) await fileRequest(enterpriseId, SHENYANG, t);
    await waitFor(async () => (await inbox(ent)).items.length === 3, SLOW);

    const first = await api().get('/notifications?limit=2').set(ent.headers);
    expect(first.body.unread).toBe(3);
    expect(first.body.items).toHaveLength(2);
    const second = await api().get(`/notifications?limit=2&before=${first.body.nextCursor}`).set(ent.headers);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();

    const id = first.body.items[0].id as string;
    expect((await api().post(`/notifications/${encodeURIComponent(id)}/read`).set(stranger.headers)).status).toBe(404);
    const read = await api().post(`/notifications/${encodeURIComponent(id)}/read`).set(ent.headers);
    expect(read.body).toEqual({ unread: 2 });
    expect((await api().post('/notifications/read-all').set(ent.headers)).body).toEqual({ marked: 2, unread: 0 });
    expect((await api().get('/notifications?limit=500').set(ent.headers)).status).toBe(400);
    expect((await api().get('/notifications')).status).toBe(401);
  });

  it('streams new entries live and, on reconnect with Last-Event-ID, what was missed', async () => {
    const enterpriseId = uniq('ent');
    const ent = await newUser({ role: 'enterprise', enterpriseId, noEmail: true });
    await projected(ent);
    await withoutDeadlineMessages(ent);
    const first = await openStream(ent.headers);
    await first.until((t) => t.includes('event: unread'));
    await fileRequest(enterpriseId, SHENYANG, '实时一');
    const text = await first.until((t) => t.includes('实时一'));
    first.close();
    const lastId = /id: (\S+)\nevent: notification/.exec(text)![1]!;

    await fileRequest(enterpriseId, SHENYANG, '断线期间');
    await waitFor(async () => (await inbox(ent)).items.length === 2, SLOW);
    const again = await openStream({ ...ent.headers, 'last-event-id': lastId });
    const resumed = await again.until((t) => t.includes('event: unread'));
    again.close();
    expect(resumed).toContain('断线期间');
    expect(resumed).not.toContain('实时一');
  });
});

describe('inbox retention', () => {
  it('lets entries older than the retention (90 days) go and keeps younger ones (the inbox repository)', async () => {
    const u = await newUser({ role: 'enterprise', enterpriseId: uniq('ent'), noEmail: true });
    const day = 86_400_000;
    const entry = (daysOld: number) => ({ id: `${uniq('ev')}:${u.userId}:inapp`, userId: u.userId, cursor: uuidv7(), kind: 'request_closed' as const, requestId: uniq('req'), subject: `${daysOld} days`, body: 'b', link: '/portal', createdAt: new Date(Date.now() - daysOld * day), readAt: null });
    expect(await svc.deps.inbox.insert(entry(91))).toBe(true);
    expect(await svc.deps.inbox.insert(entry(89))).toBe(true);
    expect(await svc.deps.inbox.pruneBefore(new Date(Date.now() - 90 * day))).toBeGreaterThanOrEqual(1);
    expect((await inbox(u)).items.map((i) => i.subject)).toEqual(['89 days']);
  });
});

describe('keyed writes of many (the inbox repository)', () => {
  it('stores in one write those not there yet, says which, and leaves those already there as they were', async () => {
    const u = await newUser({ role: 'enterprise', enterpriseId: uniq('ent'), noEmail: true });
    const entry = (subject: string) => ({ id: `${uniq('ev')}:${u.userId}:inapp`, userId: u.userId, cursor: uuidv7(), kind: 'request_closed' as const, requestId: uniq('req'), subject, body: 'b', link: '/portal', createdAt: new Date(), readAt: null });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(entry) as [ReturnType<typeof entry>, ReturnType<typeof entry>, ReturnType<typeof entry>, ReturnType<typeof entry>];
    expect(await svc.deps.inbox.insert(b)).toBe(true);
    expect(await svc.deps.inbox.insert(d)).toBe(true);
    const stored = await svc.deps.inbox.insertMany([a, { ...b, subject: 'b again' }, c, { ...d, subject: 'd again' }]);
    expect([...stored].sort()).toEqual([a.id, c.id].sort());
    expect((await inbox(u)).items.map((i) => i.subject).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect([...(await svc.deps.inbox.insertMany([a, c]))]).toEqual([]);
  });
});

describe('awaiting you', () => {
  it('counts the caller\'s unread notifications per request, and only the caller\'s', async () => {
    const enterpriseId = uniq('ent');
    const a = await newUser({ role: 'enterprise', enterpriseId, noEmail: true });
    const b = await newUser({ role: 'enterprise', enterpriseId: uniq('ent'), noEmail: true });
    await Promise.all([a, b].map(projected));
    const { requestId } = await fileRequest(enterpriseId, SHENYANG, '电子天平检定');
    const item = await waitFor(async () => (await inbox(a)).items.find((i) => i.requestId === requestId), SLOW);
    const mine = await api().get('/notifications/unread-by-request').set(a.headers);
    expect(mine.status).toBe(200);
    expect(mine.body.requests[requestId]).toBeGreaterThanOrEqual(1);
    expect((await api().get('/notifications/unread-by-request').set(b.headers)).body.requests[requestId]).toBeUndefined();
    await api().post('/notifications/read-all').set(a.headers).expect(200);
    expect((await api().get('/notifications/unread-by-request').set(a.headers)).body).toEqual({ requests: {} });
    expect(item.read).toBe(false);
  });
  it('asks who is calling', async () => {
    expect((await api().get('/notifications/unread-by-request')).status).toBe(401);
  });
});

describe('the live stream', () => {
  it('ends a stream after its maximum age, so the client comes back with a fresh token', async () => {
    const ent = await newUser({ role: 'enterprise', enterpriseId: uniq('ent'), noEmail: true });
    const opened = Date.now();
    const stream = await openStream(ent.headers);
    await stream.ended;
    expect(Date.now() - opened).toBeGreaterThanOrEqual(14_000);
  });
});

describe('preferences', () => {
  it('keeps a kind off a channel and a muted request out of every channel, for that person only', async () => {
    const enterpriseId = uniq('ent');
    const picky = await newUser({ role: 'enterprise', enterpriseId });
    const plain = await newUser({ role: 'enterprise', enterpriseId });
    await Promise.all([picky, plain].map(projected));
    const chose = await api().patch('/preferences').set(picky.headers).send({ channels: { request_received: { email: false } } });
    expect(chose.status).toBe(200);
    expect(chose.body.channels.request_received).toEqual({ inapp: true, email: false });
    expect(chose.body.channels.request_closed).toEqual({ inapp: true, email: true });
    const bad = await api().patch('/preferences').set(picky.headers).send({ channels: { nonsense: { email: false } } });
    expect(bad.status).toBe(400);

    const { requestId } = await fileRequest(enterpriseId, SHENYANG, '偏好设置');
    await waitFor(async () => (await inbox(picky)).items.find((i) => i.requestId === requestId), SLOW);
    await waitFor(async () => (await mailTo(plain.email!)).length > 0, SLOW);
    // The shared SLA service's deadline message is another kind, which picky still takes by email.
    expect((await mailTo(picky.email!)).filter((m) => m.Subject.startsWith('已受理'))).toHaveLength(0);

    expect((await api().put(`/preferences/muted/${requestId}`).set(picky.headers)).body.mutedRequests).toEqual([requestId]);
    const ref = { requestId, enterpriseId, cityCode: SHENYANG, category: 'other' as const, priority: 'normal' as const, cycle: 1, at: new Date().toISOString(), by: 'x' };
    await publish(requestStatusChanged, requestId, { ...ref, version: 2, from: 'in_progress', to: 'waiting_enterprise', action: 'ask' }, 'requests');
    await waitFor(async () => (await inbox(plain)).items.find((i) => i.kind === 'question_asked'), SLOW);
    expect((await inbox(picky)).items.filter((i) => i.kind === 'question_asked')).toHaveLength(0);
    expect((await api().delete(`/preferences/muted/${requestId}`).set(picky.headers)).body.mutedRequests).toEqual([]);
  });
});

describe('daily and weekly digests', () => {
  it('keeps chosen kinds for one digest email per period, in the inbox at once, and sends each digest once', async () => {
    const enterpriseId = uniq('ent');
    const u = await newUser({ role: 'enterprise', enterpriseId, language: 'en' });
    const other = await newUser({ role: 'enterprise', enterpriseId });
    await Promise.all([u, other].map(projected));
    const chose = await api().patch('/preferences').set(u.headers).send({ email: { request_received: 'daily', question_asked: 'weekly', request_closed: 'off' }, channels: { response_deadline: { email: false } } });
    expect(chose.status).toBe(200);
    expect(chose.body.email).toMatchObject({ request_received: 'daily', question_asked: 'weekly', request_closed: 'off', request_responded: 'immediately', response_deadline: 'off' });
    expect(chose.body.channels.request_closed).toEqual({ inapp: true, email: false });
    const bad = await api().patch('/preferences').set(u.headers).send({ email: { request_received: 'hourly' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toMatch(/^email/);
    // Each person chooses for themselves: the other user of the enterprise is untouched.
    expect((await api().get('/preferences').set(other.headers)).body.email.request_received).toBe('immediately');

    const first = await fileRequest(enterpriseId, SHENYANG, 'Balance');
    const second = await fileRequest(enterpriseId, SHENYANG, 'Gauge');
    await publish(requestStatusChanged, first.requestId, { requestId: first.requestId, enterpriseId, cityCode: SHENYANG, category: 'other', priority: 'normal', cycle: 1, version: 2, at: new Date().toISOString(), by: 'x', from: 'in_progress', to: 'waiting_enterprise', action: 'ask' }, 'requests');
    // The inbox has them at once; the other user has them by email at once.
    await waitFor(async () => (await inbox(u)).items.filter((i) => ['request_received', 'question_asked'].includes(i.kind)).length === 3, { ...SLOW, what: 'the inbox entries' });
    await waitFor(async () => (await mailTo(other.email!)).filter((m) => m.Subject.startsWith('已受理')).length === 2, { ...SLOW, what: 'the other user\'s emails' });
    // Kept for the digests, not mailed. (Mailpit cannot tell: other stacks on the shared
    // servers, such as an end-to-end run's, mail every user they learn of at once.)
    const held = await svc.deps.deliveries.get(`${first.eventId}:${u.userId}:email`);
    expect(held).toMatchObject({ status: 'folded', digestPeriod: 'daily' });
    expect(await svc.deps.deliveries.get(`${second.eventId}:${u.userId}:email`)).toMatchObject({ status: 'folded', digestKey: held!.digestKey });

    // The hourly sweep, run as at the weekly digest's hour (a daily one is due by then too), twice.
    const later = new Date(Date.now() + 8 * 86_400_000);
    expect(await queueDueDigests(svc.sendDeps, later)).toBeGreaterThanOrEqual(2);
    await queueDueDigests(svc.sendDeps, later);
    const digests = await waitFor(async () => {
      const m = (await mailTo(u.email!)).filter((x) => /digest/.test(x.Subject));
      return m.length >= 2 ? m : undefined;
    }, { ...SLOW, what: 'the two digests' });
    const daily = digests.find((m) => m.Subject.startsWith('Daily'))!;
    expect(daily.Subject).toBe('Daily digest: 2 notifications');
    const text = (await mailBody(daily.ID)).Text;
    expect(text).toContain('Balance');
    expect(text).toContain('Gauge');
    expect(text).toContain(`https://desk.example.cn/portal/requests/${second.requestId}`);
    expect(digests.find((m) => m.Subject.startsWith('Weekly'))!.Subject).toBe('Weekly digest: 1 notification');

    // Run again, and the digest job itself again: nothing more goes out.
    await queueDueDigests(svc.sendDeps, later);
    expect(await sendDigest(svc.sendDeps, held!.digestKey!)).toBe(0);
    await new Promise((r) => setTimeout(r, 2000));
    expect((await mailTo(u.email!)).map((m) => m.Subject).filter((x) => /digest/.test(x)).sort()).toEqual(['Daily digest: 2 notifications', 'Weekly digest: 1 notification']);
    expect(await svc.deps.deliveries.get(`${second.eventId}:${u.userId}:email`)).toMatchObject({ status: 'sent' });
  });
});

describe('email delivery', () => {
  it('waits out an SMTP server that is down and then delivers once', async () => {
    const enterpriseId = uniq('ent');
    const ent = await newUser({ role: 'enterprise', enterpriseId, language: 'en' });
    await projected(ent);
    await relay.cut();
    try {
      const { eventId } = await fileRequest(enterpriseId, SHENYANG, 'While the relay is down');
      await waitFor(async () => (await svc.deps.deliveries.get(`${eventId}:${ent.userId}:email`))?.lastError, { ...SLOW, what: 'a failed attempt' });
      expect(await mailTo(ent.email!)).toHaveLength(0);
    } finally {
      await relay.open();
    }
    // Only the filing's own message: the shared SLA service may add a deadline message.
    const receivedMail = async () => (await mailTo(ent.email!)).filter((m) => m.Subject.startsWith('Received'));
    const mails = await waitFor(async () => ((await receivedMail()).length > 0 ? receivedMail() : undefined), SLOW);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.Subject).toBe('Received: While the relay is down');
  });

  it('marks an address the server refuses for good as failed at once, shown to admins only', async () => {
    const enterpriseId = uniq('ent');
    const ent = await newUser({ role: 'enterprise', enterpriseId });
    await projected(ent);
    relay.refusing = true;
    let eventId: string;
    try {
      ({ eventId } = await fileRequest(enterpriseId, SHENYANG, '地址错误'));
      await waitFor(async () => (await svc.deps.deliveries.get(`${eventId}:${ent.userId}:email`))?.status === 'failed', { ...SLOW, what: 'the delivery marked failed' });
    } finally {
      relay.refusing = false;
    }
    const admin = as({ userId: 'admin-1', role: 'admin' });
    const list = await api().get('/email-deliveries/failed?limit=200').set(admin);
    const mine = (list.body.items as { id: string; email: string; error: string }[]).find((d) => d.id === `${eventId}:${ent.userId}:email`);
    expect(mine).toMatchObject({ email: ent.email, error: expect.stringMatching(/550/) });
    expect((await api().get('/email-deliveries/failed').set(ent.headers)).status).toBe(403);
  });

  it('folds a burst past the per-minute limit into one digest, losing nothing', async () => {
    const enterpriseId = uniq('ent');
    const ent = await newUser({ role: 'enterprise', enterpriseId, language: 'en' });
    await projected(ent);
    const titles = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7'];
    for (const t of titles) await fileRequest(enterpriseId, SHENYANG, `Burst ${t}`);
    await waitFor(async () => {
      const mails = await mailTo(ent.email!);
      const texts = await Promise.all(mails.map(async (m) => (await mailBody(m.ID)).Text));
      // Each filing's "received" message once (the shared SLA service's clocks add deadline messages).
      return titles.every((t) => texts.filter((x) => x.includes(`"Burst ${t}" was received`)).length === 1) ? mails : undefined;
    }, { timeoutMs: 150_000, intervalMs: 1000, what: 'every burst message, each once' });
    const mails = await mailTo(ent.email!);
    expect(mails.length).toBeLessThan(titles.length);
    expect(mails.some((m) => /new notifications$/.test(m.Subject))).toBe(true);
  });
});

/** A raw SSE reader: collects the stream's text and waits for what a test expects in it. */
async function openStream(headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(`${base}/notifications/stream`, { headers, signal: controller.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    until: (pred: (t: string) => boolean) => waitFor(() => (pred(text) ? text : undefined), { ...SLOW, what: 'the stream to say it' }),
    close: () => controller.abort(),
    ended,
  };
}

describe('the managers\' digests', () => {
  // A city code of this run alone: the projection keeps every earlier run's requests.
  const CITY = String(900_000 + Math.floor(Math.random() * 49_999));
  const RATES_CITY = String(Number(CITY) + 50_000);
  const MONDAY = new Date('2026-12-07T00:00:00Z'); // 08:00 Beijing, a working Monday
  const inWeek = '2026-12-02T03:00:00.000Z'; // within the week before it
  // This run's calendar, announced as the SLA service announces one.
  const CALENDAR = uniq('cal').toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const calendar = { get: () => svc.deps.calendars.get(CALENDAR) };
  const announce = (version: number, holidays: string[], workdays: string[] = []) =>
    publish(calendarSaved, CALENDAR, { calendarId: CALENDAR, name: '测试日历', version, holidays: holidays.length, workdays: workdays.length, years: [2026], year: null, days: { weekendDays: [6, 7], holidays, workdays } }, 'sla');
  const sla = (requestId: string, clock: 'response' | 'resolution', cityCode = CITY) => ({ requestId, cityCode, cycle: 1, clock, policyId: 'p', policyVersion: 1, at: inWeek, deadline: inWeek });
  const ref = (requestId: string, enterpriseId: string, version: number, cityCode = CITY) => ({ requestId, enterpriseId, cityCode, category: 'verification_calibration' as const, priority: 'normal' as const, version, cycle: 1, at: inWeek });
  /** The service's dependencies with only this test's managers: the projection holds every earlier run's. */
  const only = (people: TestUser[]): ManagerDigestDeps => {
    const mine = new Set(people.map((p) => p.userId));
    const repo = svc.deps.people;
    return { ...svc.deps, calendar, people: { ...repo, get: (id: string) => repo.get(id), ofEnterprise: (id: string) => repo.ofEnterprise(id), upsertNewer: (p: Person) => repo.upsertNewer(p), withRole: async (role, city) => (await repo.withRole(role, city)).filter((p) => mine.has(p.userId)) } };
  };

  it('tells a city manager on a working day of their city\'s overdue, at-risk and unassigned requests, in their language, once; another city\'s manager not of them; on a holiday nothing', async () => {
    const enterpriseId = uniq('ent');
    const zhCm = await newUser({ role: 'city_manager', cityCode: CITY });
    const enCm = await newUser({ role: 'city_manager', cityCode: CITY, language: 'en' });
    const otherCm = await newUser({ role: 'city_manager', cityCode: SHENYANG });
    const liaison = await newUser({ role: 'liaison', cityCode: CITY });
    await Promise.all([zhCm, enCm, otherCm, liaison].map(projected));
    const n = (i: number) => `${CITY}-2026-${String(i).padStart(6, '0')}`;
    const late = await fileRequest(enterpriseId, CITY, '电子天平', 'normal', n(1));
    const risky = await fileRequest(enterpriseId, CITY, '压力表', 'normal', n(2));
    const unassigned = await fileRequest(enterpriseId, CITY, '流量计', 'normal', n(3));
    const closed = await fileRequest(enterpriseId, CITY, '水表', 'normal', n(4));
    for (const r of [late, risky, closed]) await assign(r.requestId, CITY, liaison.userId);
    await publish(clockBreached, late.requestId, sla(late.requestId, 'resolution'), 'sla');
    await publish(clockWarning, risky.requestId, { ...sla(risky.requestId, 'resolution'), threshold: 75 }, 'sla');
    await publish(clockBreached, closed.requestId, sla(closed.requestId, 'response'), 'sla');
    await publish(requestClosed, closed.requestId, { ...ref(closed.requestId, enterpriseId, 5), satisfaction: 5, satisfied: true, outcome: 'satisfied' }, 'requests');
    await waitFor(async () => {
      const [a, b, c, d] = await Promise.all([late, risky, unassigned, closed].map((r) => svc.deps.requests.get(r.requestId)));
      // Each request's events come on three topics in no set order: wait for its filing too.
      return a?.title && a.risk === 'breached' && a.assigneeId && b?.title && b.risk === 'at_risk' && b.assigneeId && c?.title && d?.state === 'closed' && d.assigneeId;
    }, { ...SLOW, what: 'the projection to hold the set-up requests' });

    await announce(1, ['2026-12-08']);
    await waitFor(async () => (await calendar.get()) ?? undefined, { ...SLOW, what: 'the calendar projection' });
    const deps = only([zhCm, enCm, otherCm]);
    expect(await sendCityDigests(deps, new Date('2026-12-08T00:00:00Z'))).toBe(0); // a holiday in the calendar
    expect(await sendCityDigests(deps, MONDAY)).toBe(3);
    expect(await sendCityDigests(deps, MONDAY)).toBe(3); // a second run: keyed by the day, nothing new

    const digests = async (u: TestUser) => (await inbox(u)).items.filter((i) => i.kind === 'city_daily_digest');
    const [zh] = await digests(zhCm);
    expect(await digests(zhCm)).toHaveLength(1);
    expect(zh).toMatchObject({ subject: `${CITY}每日摘要 2026-12-07：超时 1 件，临近超时 1 件，待分派 1 件`, requestId: null, link: '/work/queue' });
    expect(zh!.body).toBe([`已超时（1 件）：`, `  - ${n(1)} 电子天平`, `临近超时（1 件）：`, `  - ${n(2)} 压力表`, `待分派（1 件）：`, `  - ${n(3)} 流量计`].join('\n'));
    const [en] = await digests(enCm);
    expect(en!.subject).toBe(`${CITY} daily digest 2026-12-07: 1 overdue, 1 at risk, 1 unassigned`);
    const [other] = await digests(otherCm);
    expect(other!.subject.startsWith('沈阳市每日摘要 2026-12-07')).toBe(true);
    expect(other!.body).not.toContain(CITY);
    expect(await digests(liaison)).toHaveLength(0);

    const mailed = async (u: TestUser, subject: string) => (await mailTo(u.email!)).filter((m) => m.Subject === subject);
    await waitFor(async () => (await mailed(enCm, en!.subject)).length > 0 || undefined, { ...SLOW, what: 'the en digest email' });
    const zhMail = await waitFor(async () => (await mailed(zhCm, zh!.subject))[0], { ...SLOW, what: 'the zh-CN digest email' });
    expect((await mailBody(zhMail.ID)).Text).toContain(`  - ${n(3)} 流量计`);
    expect(await mailed(zhCm, zh!.subject)).toHaveLength(1);
  });

  it('tells province managers on Monday of the week\'s three rates by city, counting each outcome once, in their language, by inbox and email', async () => {
    const enterpriseId = uniq('ent');
    const zhPm = await newUser({ role: 'province_manager' });
    const enPm = await newUser({ role: 'province_manager', language: 'en' });
    const cm = await newUser({ role: 'city_manager', cityCode: RATES_CITY });
    await Promise.all([zhPm, enPm, cm].map(projected));
    const [a, b, c, d] = [uniq('req'), uniq('req'), uniq('req'), uniq('req')];
    const metInTime = await publish(clockMet, a, { ...sla(a, 'response', RATES_CITY), elapsedMs: 1000, withinTarget: true }, 'sla');
    await world.produce(clockMet.topic, [{ key: a, value: metInTime.value }]); // delivered twice, counted once
    await publish(clockBreached, a, sla(a, 'resolution', RATES_CITY), 'sla');
    await publish(clockMet, b, { ...sla(b, 'response', RATES_CITY), elapsedMs: 9_000_000, withinTarget: false }, 'sla');
    await publish(clockMet, c, { ...sla(c, 'resolution', RATES_CITY), elapsedMs: 1000, withinTarget: true }, 'sla');
    await publish(requestClosed, c, { ...ref(c, enterpriseId, 6, RATES_CITY), satisfaction: 5, satisfied: true, outcome: 'satisfied' }, 'requests');
    await publish(requestReopened, d, { ...ref(d, enterpriseId, 6, RATES_CITY), satisfaction: 2, reason: 'unsatisfied' }, 'requests');
    // Outside the week: not counted.
    await publish(clockMet, d, { ...sla(d, 'response', RATES_CITY), at: '2026-12-07T01:00:00.000Z', elapsedMs: 1, withinTarget: true }, 'sla');
    const week = { from: new Date('2026-11-29T16:00:00Z'), to: new Date('2026-12-07T16:00:00Z') };
    // Six in the week and one after it, the repeat not among them.
    await waitFor(async () => (await svc.deps.outcomes.between(week.from, week.to)).filter((o) => o.cityCode === RATES_CITY).length === 7 || undefined, { ...SLOW, what: 'the outcomes recorded' });

    const deps = only([zhPm, enPm, cm]);
    expect(await sendProvinceDigests(deps, new Date('2026-12-08T00:00:00Z'))).toBe(0); // not a Monday
    expect(await sendProvinceDigests(deps, MONDAY)).toBe(2);
    await sendProvinceDigests(deps, MONDAY);
    const weekly = async (u: TestUser) => (await inbox(u)).items.filter((i) => i.kind === 'province_weekly_digest');
    const [zh] = await weekly(zhPm);
    expect(await weekly(zhPm)).toHaveLength(1);
    expect(zh!.subject).toBe('各市三率周报（2026-11-30 至 2026-12-06）');
    expect(zh!.body.split('\n')).toContain(`${RATES_CITY}：及时响应率 50%（1/2），按时解决率 50%（1/2），满意率 50%（1/2）`);
    const [en] = await weekly(enPm);
    expect(en!.body.split('\n')).toContain(`${RATES_CITY}: response in time 50% (1/2), resolved on time 50% (1/2), satisfaction 50% (1/2)`);
    expect(await weekly(cm)).toHaveLength(0);
    const mail = await waitFor(async () => (await mailTo(enPm.email!)).find((m) => m.Subject === 'Weekly three rates by city, 2026-11-30 to 2026-12-06'), { ...SLOW, what: 'the weekly email' });
    expect((await mailBody(mail.ID)).Text).toContain(`${RATES_CITY}: response in time 50% (1/2)`);
  });

  it('keeps the newest working-day calendar the SLA service announced; an older version coming late changes nothing', async () => {
    await announce(1, ['2026-12-08']);
    await announce(3, ['2026-12-08', '2026-12-09'], ['2026-12-12']);
    await announce(2, ['2026-12-31']);
    // Another calendar's event after it on the same partition (same key): once that is in, version 2 was handled.
    const marker = `${CALENDAR}-m`;
    await publish(calendarSaved, CALENDAR, { calendarId: marker, name: 'm', version: 1, holidays: 0, workdays: 0, years: [], year: null, days: { weekendDays: [7], holidays: [], workdays: [] } }, 'sla');
    await waitFor(() => svc.deps.calendars.get(marker), { ...SLOW, what: 'the calendar projection' });
    expect(await calendar.get()).toEqual({ weekendDays: [6, 7], holidays: ['2026-12-08', '2026-12-09'], workdays: ['2026-12-12'] });
  });
});
