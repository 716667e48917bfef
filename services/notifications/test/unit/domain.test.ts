import { mayBeTold, type Person, type RequestFacts } from '../../src/domain/people';
import { decide, learn } from '../../src/domain/triggers';
import { render, emailOf, beijingTime } from '../../src/domain/messages';
import { sendableAt } from '../../src/domain/schedule';

const SY = '210100';
const DL = '210200';
const person = (p: Partial<Person> & Pick<Person, 'userId' | 'role'>): Person => ({ version: 1, name: '张三', enterpriseId: null, cityCode: null, active: true, email: null, language: 'zh-CN', ...p });
const facts: RequestFacts = { requestId: 'r1', enterpriseId: 'e1', cityCode: SY, title: '电子天平检定', priority: 'normal', assigneeId: 'l1', state: 'assigned' };

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
  it('tells the liaison when the enterprise answers and the enterprise when a question is asked', () => {
    expect(decide({ id: 'x', type: 'requests.request.status-changed', data: { from: 'in_progress', to: 'waiting_enterprise' } }, facts)?.kind).toBe('question_asked');
    expect(decide({ id: 'x', type: 'requests.request.status-changed', data: { from: 'waiting_enterprise', to: 'in_progress' } }, facts)?.audiences).toEqual([{ to: 'assignee' }]);
    expect(decide({ id: 'x', type: 'requests.request.status-changed', data: { from: 'assigned', to: 'in_progress' } }, facts)).toBeNull();
  });
  it('tells the liaison and city managers of a breach, the province of a province escalation', () => {
    expect(decide({ id: 'x', type: 'sla.clock.breached', data: {} }, facts)?.audiences).toEqual([{ to: 'assignee' }, { to: 'city_managers' }]);
    expect(decide({ id: 'x', type: 'sla.clock.escalated', data: { level: 'province' } }, facts)?.audiences).toEqual([{ to: 'province_managers' }]);
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
