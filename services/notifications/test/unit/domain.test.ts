import { mayBeTold, type Person, type RequestFacts } from '../../src/domain/people';
import { decide, learn } from '../../src/domain/triggers';
import { render, emailOf, beijingTime } from '../../src/domain/messages';
import { digestDueAt, sendableAt } from '../../src/domain/schedule';
import { daysLeft, laterThresholds, noticeAt, noticeKey, thresholdFor } from '../../src/domain/qualification-notices';
import { emailMode, emailTable, noPreferences, wantsChannel, withChoices } from '../../src/domain/preferences';

const SY = '210100';
const DL = '210200';
const person = (p: Partial<Person> & Pick<Person, 'userId' | 'role'>): Person => ({ version: 1, name: '张三', enterpriseId: null, cityCode: null, active: true, email: null, language: 'zh-CN', ...p });
const facts: RequestFacts = { requestId: 'r1', enterpriseId: 'e1', cityCode: SY, title: '电子天平检定', number: null, priority: 'normal', assigneeId: 'l1', state: 'assigned', responseDeadline: null };

describe('who may be told about a request', () => {
  it('tells an enterprise user of their own enterprise only', () => {
    expect(mayBeTold(person({ userId: 'u', role: 'enterprise', enterpriseId: 'e1' }), facts)).toBe(true);
    expect(mayBeTold(person({ userId: 'u', role: 'enterprise', enterpriseId: 'e2' }), facts)).toBe(false);
  });
  it('tells a liaison only of requests assigned to them in their city', () => {
    expect(mayBeTold(person({ userId: 'l1', role: 'liaison', cityCode: SY }), facts)).toBe(true);
    expect(mayBeTold(person({ userId: 'l2', role: 'liaison', cityCode: SY }), facts)).toBe(false);
    expect(mayBeTold(person({ userId: 'l1', role: 'liaison', cityCode: DL }), facts)).toBe(false);
  });
  it('tells a city manager of their city only, a province manager of all', () => {
    expect(mayBeTold(person({ userId: 'c', role: 'city_manager', cityCode: SY }), facts)).toBe(true);
    expect(mayBeTold(person({ userId: 'c', role: 'city_manager', cityCode: DL }), facts)).toBe(false);
    expect(mayBeTold(person({ userId: 'p', role: 'province_manager' }), facts)).toBe(true);
  });
  it('tells nobody who is disabled', () => {
    expect(mayBeTold(person({ userId: 'p', role: 'province_manager', active: false }), facts)).toBe(false);
  });
});

describe('what an event tells', () => {
  const filed = { id: 'e-1', type: 'requests.request.filed', data: { requestId: 'r9', enterpriseId: 'e1', cityCode: SY, priority: 'emergency', title: '压力表检定', at: '2026-03-02T01:00:00Z' } };
  it('learns the request from its filing and tells the enterprise, urgently for an emergency', () => {
    const f = learn(null, filed)!;
    expect(f).toMatchObject({ enterpriseId: 'e1', title: '压力表检定', priority: 'emergency', assigneeId: null });
    expect(decide(filed, f)).toMatchObject({ kind: 'request_received', audiences: [{ to: 'enterprise' }], urgent: true });
  });
  it('learns the assignee from assignment and a transfer moves it', () => {
    const f = learn(learn(null, filed), { id: 'e-2', type: 'assignment.assignment.assigned', data: { requestId: 'r9', cityCode: SY, assigneeId: 'l1' } })!;
    expect(f.assigneeId).toBe('l1');
    const moved = learn(f, { id: 'e-3', type: 'assignment.assignment.transferred', data: { requestId: 'r9', cityCode: SY, toAssigneeId: 'l7', toCityCode: DL } })!;
    expect(moved).toMatchObject({ assigneeId: 'l7', cityCode: DL, title: '压力表检定' });
    expect(decide({ id: 'e-3', type: 'assignment.assignment.transferred', data: {} }, moved)?.kind).toBe('assigned_to_you');
  });
  it('names the request from an assignment heard before its filing, and the filing does not lose that', () => {
    const assigned = { id: 'e-4', type: 'assignment.assignment.assigned', data: { requestId: 'r10', number: '210100-2026-000042', title: '燃气报警器检定', cityCode: SY, assigneeId: 'l1' } };
    const early = learn(null, assigned)!;
    expect(early).toMatchObject({ assigneeId: 'l1', number: '210100-2026-000042', title: '燃气报警器检定' });
    const later = learn(early, { id: 'e-5', type: 'requests.request.filed', data: { requestId: 'r10', number: '210100-2026-000042', enterpriseId: 'e1', cityCode: SY, priority: 'normal', title: '燃气报警器检定' } })!;
    expect(later).toMatchObject({ assigneeId: 'l1', number: '210100-2026-000042', title: '燃气报警器检定', enterpriseId: 'e1' });
  });
  it('tells the liaison when the enterprise answers and the enterprise when a question is asked', () => {
    expect(decide({ id: 'x', type: 'requests.request.status-changed', data: { from: 'in_progress', to: 'waiting_enterprise' } }, facts)?.kind).toBe('question_asked');
    expect(decide({ id: 'x', type: 'requests.request.status-changed', data: { from: 'waiting_enterprise', to: 'in_progress' } }, facts)?.audiences).toEqual([{ to: 'assignee' }]);
    expect(decide({ id: 'x', type: 'requests.request.status-changed', data: { from: 'assigned', to: 'in_progress' } }, facts)).toBeNull();
  });
  it('tells the liaison and city managers of a breach, the province of a province escalation', () => {
    expect(decide({ id: 'x', type: 'sla.clock.breached', data: {} }, facts)?.audiences).toEqual([{ to: 'assignee' }, { to: 'city_managers' }]);
    expect(decide({ id: 'x', type: 'sla.clock.escalated', data: { level: 'province' } }, facts)?.audiences).toEqual([{ to: 'province_managers' }]);
  });
  it('reminds the enterprise to rate at the return-visit warning, and tells nobody when the return visit lapses', () => {
    const due = decide({ id: 'x', type: 'sla.clock.warning', data: { clock: 'return_visit', threshold: 50, deadline: '2026-03-10T09:00:00Z' } }, facts);
    expect(due).toMatchObject({ kind: 'return_visit_due', audiences: [{ to: 'enterprise' }], details: { deadline: '2026-03-10T09:00:00Z' } });
    expect(render('return_visit_due', 'zh-CN', 'enterprise', { requestId: 'r1', title: '压力表检定', deadline: '2026-03-10T09:00:00Z' })).toEqual({
      subject: '请评价：压力表检定',
      body: '服务请求“压力表检定”已解决，请于 2026-03-10 17:00（北京时间）前完成回访评价；逾期未评价的，请求将按“未答复”办结。',
      link: '/portal/requests/r1',
    });
    expect(decide({ id: 'x', type: 'sla.clock.warning', data: { clock: 'response', threshold: 50 } }, facts)?.kind).toBe('sla_warning');
    expect(decide({ id: 'x', type: 'sla.clock.breached', data: { clock: 'return_visit' } }, facts)).toBeNull();
  });
});

describe('the response deadline in "request received"', () => {
  const filed = { id: 'f', type: 'requests.request.filed', data: { requestId: 'r5', enterpriseId: 'e1', cityCode: SY, priority: 'normal', title: '压力表检定' } };
  const started = (clock: string, cycle: number) => ({ id: `s-${clock}-${cycle}`, type: 'sla.clock.started', data: { requestId: 'r5', cityCode: SY, clock, cycle, deadline: '2026-03-03T01:00:00Z' } });
  it('quotes the deadline in the filing\'s message when the clock started first, and the clock says nothing', () => {
    const clockFirst = learn(null, started('response', 1))!;
    expect(decide(started('response', 1), clockFirst)).toBeNull();
    const f = learn(clockFirst, filed)!;
    expect(decide(filed, f)).toMatchObject({ kind: 'request_received', details: { deadline: '2026-03-03T01:00:00Z' } });
  });
  it('sends a short second message with the deadline when the filing came first', () => {
    const f = learn(learn(null, filed), started('response', 1))!;
    expect(decide(started('response', 1), f)).toMatchObject({ kind: 'response_deadline', audiences: [{ to: 'enterprise' }], details: { deadline: '2026-03-03T01:00:00Z' } });
  });
  it('ignores the other clocks and later cycles', () => {
    const f = learn(null, filed)!;
    expect(decide(started('resolution', 1), learn(f, started('resolution', 1))!)).toBeNull();
    expect(decide(started('response', 2), learn(f, started('response', 2))!)).toBeNull();
    expect(learn(f, started('response', 2))!.responseDeadline).toBeNull();
  });
  it('says the deadline in Beijing time', () => {
    expect(render('request_received', 'zh-CN', 'enterprise', { requestId: 'r5', title: '压力表检定', deadline: '2026-03-03T01:00:00Z' }).body).toBe('您的服务请求“压力表检定”已受理，联络员将于 2026-03-03 09:00（北京时间）前响应。');
    expect(render('response_deadline', 'en', 'enterprise', { requestId: 'r5', title: 'Gauges', deadline: '2026-03-03T01:00:00Z' }).body).toBe('A liaison will respond to your service request "Gauges" by 2026-03-03 09:00 (Beijing time).');
  });
});

describe('visits', () => {
  const visit = (type: string, extra: Record<string, unknown> = {}) => ({
    id: `v-${type}`, type, data: { requestId: 'r1', enterpriseId: 'e1', cityCode: SY, priority: 'normal', visitId: 'v1', date: '2026-03-05', slot: 'afternoon', verifiers: [{ personKey: 'k1', name: '李四', instituteUscc: 'X', instituteName: null }, { personKey: 'k2', name: '王五', instituteUscc: 'X', instituteName: null }], ...extra },
  });
  it('tells the enterprise a visit is scheduled or moved with the day, half day and verifiers by name', () => {
    const scheduled = decide(visit('requests.request.visit-scheduled'), facts)!;
    expect(scheduled).toMatchObject({ kind: 'visit_scheduled', audiences: [{ to: 'enterprise' }] });
    expect(render(scheduled.kind, 'zh-CN', 'enterprise', { ...scheduled.details, requestId: 'r1', title: '电子天平检定' }).body).toBe('服务请求“电子天平检定”的上门检定已安排在 2026-03-05 下午，检定人员：李四、王五。');
    const moved = decide(visit('requests.request.visit-rescheduled', { previousDate: '2026-03-04', previousSlot: 'morning' }), facts)!;
    const en = render(moved.kind, 'en', 'enterprise', { ...moved.details, requestId: 'r1', title: 'Balances' });
    expect(en.subject).toBe('Visit moved: Balances');
    expect(en.body).toBe('The on-site verification for "Balances" moved to the afternoon of 2026-03-05; verifiers: 李四, 王五.');
    expect(en.link).toBe('/portal/requests/r1');
  });
  it('tells the assigned liaison when a verifier of a scheduled visit lost their qualification', () => {
    const flagged = decide(visit('requests.request.visit-flagged', { assigneeId: 'l1', personKey: 'k1', verifierName: '李四', certificateNo: null, reason: 'expired' }), facts)!;
    expect(flagged).toMatchObject({ kind: 'visit_flagged', audiences: [{ to: 'assignee' }], details: { verifierName: '李四' } });
    const zh = render(flagged.kind, 'zh-CN', 'liaison', { ...flagged.details, requestId: 'r1', title: '电子天平检定' });
    expect(zh.body).toBe('服务请求“电子天平检定”定于 2026-03-05 下午的上门检定，检定人员李四的资质已失效，请更换人员或改期。');
    expect(zh.link).toBe('/work/requests/r1');
  });
  it('says nothing of a cancelled or completed visit', () => {
    expect(decide(visit('requests.request.visit-cancelled', { reason: 'x' }), facts)).toBeNull();
    expect(decide(visit('requests.request.visit-completed'), facts)).toBeNull();
  });
});

describe('qualification files expiring', () => {
  it('names the person and the qualification in words, and links the enterprise\'s staff qualifications', () => {
    const zh = render('qualification_expiring', 'zh-CN', 'enterprise', { requestId: null, title: null, personName: '赵六', qualification: 'verifier', expiresOn: '2026-06-01' });
    expect(zh).toEqual({ subject: '资质即将到期：赵六', body: '贵单位人员赵六的检定员资质将于 2026-06-01 到期，请及时办理复审或换证。', link: '/portal/qualifications' });
    const en = render('qualification_expiring', 'en', 'enterprise', { requestId: null, title: null, personName: '赵六', qualification: 'some_new_code', expiresOn: '2026-06-01' });
    expect(en.body).toBe('The professional qualification of 赵六 expires on 2026-06-01; please renew it in time.');
  });
});

describe('messages', () => {
  it('speaks the reader\'s language, quotes the title and links the right console page', () => {
    const zh = render('request_received', 'zh-CN', 'enterprise', { requestId: 'r1', title: '电子天平检定' });
    const en = render('assigned_to_you', 'en', 'liaison', { requestId: 'r1', title: 'Balance calibration' });
    expect(zh.subject).toBe('已受理：电子天平检定');
    expect(zh.link).toBe('/portal/requests/r1');
    expect(en.subject).toBe('Assigned to you: Balance calibration');
    expect(en.link).toBe('/work/requests/r1');
  });
  it('heads the subject with the request number and names it in the body, in both languages', () => {
    const zh = render('question_asked', 'zh-CN', 'enterprise', { requestId: 'r1', title: '电子天平检定', number: '210100-2026-000123' });
    expect(zh.subject).toBe('[210100-2026-000123] 需要您答复：电子天平检定');
    expect(zh.body).toBe('联络员就服务请求“电子天平检定”向您提出了问题，请尽快答复。请求编号：210100-2026-000123。');
    const en = render('sla_breached', 'en', 'liaison', { requestId: 'r1', title: 'Gauges', number: '210100-2026-000123', deadline: '2026-03-02T16:30:00Z' });
    expect(en.subject).toBe('[210100-2026-000123] Overdue: Gauges');
    expect(en.body).toBe('The service request "Gauges" missed its deadline of 2026-03-03 00:30 (Beijing time). Request number: 210100-2026-000123.');
    const mail = emailOf([zh], 'zh-CN', 'https://desk.example.cn');
    expect(mail.subject).toBe(zh.subject);
    expect(mail.text).toContain('请求编号：210100-2026-000123');
    expect(mail.html).toContain('请求编号：210100-2026-000123');
    // A request filed before numbers existed reads as before.
    expect(render('question_asked', 'en', 'enterprise', { requestId: 'r1', title: 'Gauges', number: null }).subject).toBe('Your answer is needed: Gauges');
  });
  it('learns the number from the filing and keeps it through events that do not carry it', () => {
    const filed = learn(null, { id: 'e1', type: 'requests.request.filed', data: { requestId: 'r9', number: '210100-2026-000009', cityCode: SY, enterpriseId: 'e1', title: 'T', priority: 'normal' } });
    expect(filed?.number).toBe('210100-2026-000009');
    const assigned = learn(filed, { id: 'e2', type: 'assignment.assignment.assigned', data: { requestId: 'r9', cityCode: SY, assigneeId: 'l1' } });
    expect(assigned?.number).toBe('210100-2026-000009');
    const changed = learn(assigned, { id: 'e3', type: 'requests.request.status-changed', data: { requestId: 'r9', cityCode: SY, enterpriseId: 'e1', to: 'responded' } });
    expect(changed?.number).toBe('210100-2026-000009');
  });
  it('shows deadlines in Beijing time', () => {
    expect(beijingTime('2026-03-02T16:30:00Z', 'zh-CN')).toBe('2026-03-03 00:30（北京时间）');
  });
  it('escapes what it puts in HTML', () => {
    const m = render('request_closed', 'en', 'enterprise', { requestId: 'r1', title: '<b>x</b>' });
    const mail = emailOf([m], 'en', 'https://desk.example');
    expect(mail.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(mail.text).toContain('https://desk.example/portal/requests/r1');
  });
});

describe('quiet hours', () => {
  it('holds email from 22:00 to 07:00 Beijing time', () => {
    // 23:30 Beijing = 15:30 UTC; released at 07:00 Beijing = 23:00 UTC.
    expect(sendableAt(new Date('2026-03-02T15:30:00Z'), false).toISOString()).toBe('2026-03-02T23:00:00.000Z');
    // 03:00 Beijing the next day is still held until 07:00.
    expect(sendableAt(new Date('2026-03-02T19:00:00Z'), false).toISOString()).toBe('2026-03-02T23:00:00.000Z');
  });
  it('sends at once outside quiet hours and for emergencies', () => {
    const day = new Date('2026-03-02T02:00:00Z');
    expect(sendableAt(day, false)).toBe(day);
    const night = new Date('2026-03-02T15:30:00Z');
    expect(sendableAt(night, true)).toBe(night);
  });
  it('can be turned off', () => {
    const night = new Date('2026-03-02T15:30:00Z');
    expect(sendableAt(night, false, { from: 0, to: 0 })).toBe(night);
  });
});

describe('daily and weekly digests', () => {
  // 2026-03-02 is a Monday; 00:00Z is 08:00 Beijing time.
  it('go out at the next 08:00 Beijing time, strictly after now', () => {
    expect(digestDueAt(new Date('2026-03-02T02:00:00Z'), 'daily').toISOString()).toBe('2026-03-03T00:00:00.000Z');
    expect(digestDueAt(new Date('2026-03-01T23:59:00Z'), 'daily').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(digestDueAt(new Date('2026-03-02T00:00:00Z'), 'daily').toISOString()).toBe('2026-03-03T00:00:00.000Z');
    // 23:30 Beijing belongs to the next morning's digest, not the one after.
    expect(digestDueAt(new Date('2026-03-02T15:30:00Z'), 'daily').toISOString()).toBe('2026-03-03T00:00:00.000Z');
  });
  it('the weekly one on the next Monday', () => {
    expect(digestDueAt(new Date('2026-03-02T02:00:00Z'), 'weekly').toISOString()).toBe('2026-03-09T00:00:00.000Z');
    expect(digestDueAt(new Date('2026-03-01T10:00:00Z'), 'weekly').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(digestDueAt(new Date('2026-03-01T23:00:00Z'), 'weekly').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(digestDueAt(new Date('2026-03-05T09:00:00Z'), 'weekly').toISOString()).toBe('2026-03-09T00:00:00.000Z');
  });
  it('are chosen per kind, and "off" is the email channel switched off', () => {
    let p = withChoices(noPreferences('u'), { email: { request_received: 'daily', sla_warning: 'weekly', request_closed: 'off' } });
    expect([emailMode(p, 'request_received'), emailMode(p, 'sla_warning'), emailMode(p, 'request_closed'), emailMode(p, 'assigned_to_you')]).toEqual(['daily', 'weekly', 'off', 'immediately']);
    expect(wantsChannel(p, 'request_closed', 'email', null)).toBe(false);
    expect(wantsChannel(p, 'request_closed', 'inapp', null)).toBe(true);
    p = withChoices(p, { email: { request_received: 'weekly', request_closed: 'immediately' } });
    expect(emailTable(p)).toMatchObject({ request_received: 'weekly', request_closed: 'immediately', sla_warning: 'weekly' });
    p = withChoices(p, { channels: { sla_warning: { email: false } } });
    expect(emailMode(p, 'sla_warning')).toBe('off');
    p = withChoices(p, { email: { sla_warning: 'immediately', request_received: 'immediately' } });
    expect(p.digest).toEqual([]);
    expect(p.off).toEqual([]);
  });
});

describe('qualification notices at 90 and 30 days', () => {
  it('counts days left from today in Beijing', () => {
    expect(daysLeft('2026-04-01', new Date('2026-03-02T15:59:00Z'))).toBe(30);
    expect(daysLeft('2026-04-01', new Date('2026-03-02T16:00:00Z'))).toBe(29);
  });
  it('gives the notice of the nearest threshold not passed, and the 30-day one after a 90-day one', () => {
    expect([thresholdFor(90), thresholdFor(60), thresholdFor(31), thresholdFor(30), thresholdFor(3)]).toEqual([90, 90, 90, 30, 30]);
    expect(laterThresholds(90)).toEqual([30]);
    expect(laterThresholds(30)).toEqual([]);
  });
  it('sends the 30-day reminder at 08:00 Beijing time 30 days before, keyed per file, expiry and threshold', () => {
    expect(noticeAt('2026-04-01', 30).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(noticeKey('f1', '2026-04-01', 30)).not.toBe(noticeKey('f1', '2026-04-01', 90));
    expect(noticeKey('f1', '2026-04-01', 30)).not.toBe(noticeKey('f1', '2031-04-01', 30));
  });
  it('links an enterprise to its staff qualifications', () => {
    const m = render('qualification_expiring', 'en', 'enterprise', { requestId: null, title: null, personName: 'Zhao', qualification: 'verifier', expiresOn: '2026-04-01', daysLeft: 30 });
    expect(m.link).toBe('/portal/qualifications');
    expect(m.body).toContain('expires on 2026-04-01 (in 30 days)');
  });
});
