import { cityDigest, cityDigestText, isMonday, isWorkingDay, outcomeOf, previousWeek, ratesByCity, ratesDigestText, type RateOutcome } from '../../src/domain/manager-digests';
import { learn } from '../../src/domain/triggers';
import type { RequestFacts } from '../../src/domain/people';

const SY = '210100';
const DL = '210200';
const facts = (f: Partial<RequestFacts> & Pick<RequestFacts, 'requestId'>): RequestFacts => ({ enterpriseId: 'e1', cityCode: SY, title: null, number: null, priority: 'normal', assigneeId: 'l1', state: 'assigned', responseDeadline: null, risk: null, ...f });

describe('working days', () => {
  const cal = { weekendDays: [6, 7], holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-10-10'] };
  it('follows the calendar: weekends off, holidays off, make-up working days on', () => {
    expect(isWorkingDay(cal, '2026-09-30')).toBe(true); // Wednesday
    expect(isWorkingDay(cal, '2026-10-01')).toBe(false); // National Day, a Thursday
    expect(isWorkingDay(cal, '2026-10-03')).toBe(false); // Saturday
    expect(isWorkingDay(cal, '2026-10-10')).toBe(true); // Saturday made a working day (调休)
  });
  it('knows Mondays and the week before one, in Beijing days', () => {
    expect(isMonday('2026-12-07')).toBe(true);
    expect(isMonday('2026-12-06')).toBe(false);
    // 08:00 Beijing on Monday 2026-12-07 is 00:00 UTC.
    const w = previousWeek(new Date('2026-12-07T00:00:00Z'));
    expect(w).toEqual({ from: new Date('2026-11-29T16:00:00Z'), to: new Date('2026-12-06T16:00:00Z'), firstDay: '2026-11-30', lastDay: '2026-12-06' });
  });
});

describe('the city manager\'s daily digest', () => {
  it('lists the open requests overdue, at risk and unassigned, by number and title; settled ones not at all', () => {
    const f = cityDigest([
      facts({ requestId: 'a', number: '210100-2026-000001', title: '天平', risk: 'breached' }),
      facts({ requestId: 'b', title: '压力表', risk: 'at_risk', assigneeId: null, state: 'filed' }),
      facts({ requestId: 'c', risk: 'breached', state: 'resolved' }),
      facts({ requestId: 'd', assigneeId: null, state: 'withdrawn' }),
      facts({ requestId: 'e' }),
    ]);
    expect(f).toEqual({ breached: [{ requestId: 'a', label: '210100-2026-000001 天平' }], atRisk: [{ requestId: 'b', label: '压力表' }], unassigned: [{ requestId: 'b', label: '压力表' }] });
    const zh = cityDigestText(f, '沈阳市', '2026-12-07', 'zh-CN');
    expect(zh.subject).toBe('沈阳市每日摘要 2026-12-07：超时 1 件，临近超时 1 件，待分派 1 件');
    expect(zh.body).toContain('  - 210100-2026-000001 天平');
    const en = cityDigestText(f, 'Shenyang', '2026-12-07', 'en');
    expect(en.subject).toBe('Shenyang daily digest 2026-12-07: 1 overdue, 1 at risk, 1 unassigned');
  });
  it('puts a request at risk at the 75 % warning, late at the breach, and clears it when a new clock starts', () => {
    const ev = (type: string, data: object) => ({ id: type, type, data: { requestId: 'r', cityCode: SY, clock: 'response', cycle: 1, ...data } });
    let r = learn(null, ev('sla.clock.warning', { threshold: 50 }));
    expect(r?.risk).toBeNull();
    r = learn(r, ev('sla.clock.warning', { threshold: 75 }));
    expect(r?.risk).toBe('at_risk');
    r = learn(r, ev('sla.clock.breached', {}));
    expect(r?.risk).toBe('breached');
    r = learn(r, ev('sla.clock.warning', { threshold: 75, clock: 'resolution' }));
    expect(r?.risk).toBe('breached');
    r = learn(r, ev('sla.clock.started', { clock: 'resolution' }));
    expect(r?.risk).toBeNull();
    r = learn(r, { id: 'x', type: 'requests.request.closed', data: { requestId: 'r', cityCode: SY } });
    expect(r?.state).toBe('closed');
  });
});

describe('the province manager\'s weekly three rates', () => {
  const at = '2026-12-01T02:00:00Z';
  const ev = (type: string, data: object) => ({ type, data: { requestId: 'r1', cityCode: SY, cycle: 1, at, ...data } });
  it('counts a clock met in time or late, a breach as late, a return visit satisfied or not, once per request, measure and cycle', () => {
    expect(outcomeOf(ev('sla.clock.met', { clock: 'response', withinTarget: true }))).toEqual({ id: 'r1:response:1', cityCode: SY, measure: 'response', ok: true, at: new Date(at) });
    expect(outcomeOf(ev('sla.clock.breached', { clock: 'resolution' }))).toMatchObject({ id: 'r1:resolution:1', ok: false });
    expect(outcomeOf(ev('sla.clock.met', { clock: 'resolution', withinTarget: false }))).toMatchObject({ id: 'r1:resolution:1', ok: false });
    expect(outcomeOf(ev('sla.clock.met', { clock: 'return_visit', withinTarget: true }))).toBeNull();
    expect(outcomeOf(ev('requests.request.closed', { satisfied: true, outcome: 'satisfied' }))).toMatchObject({ id: 'r1:satisfaction:1', measure: 'satisfaction', ok: true });
    expect(outcomeOf(ev('requests.request.closed', { satisfied: null, outcome: 'no_answer' }))).toBeNull();
    expect(outcomeOf(ev('requests.request.reopened', { reason: 'unsatisfied', satisfaction: 2 }))).toMatchObject({ measure: 'satisfaction', ok: false });
    expect(outcomeOf(ev('requests.request.reopened', { reason: 'complaint', satisfaction: null }))).toBeNull();
  });
  it('gives each city its three rates, in the reader\'s language, with names not codes', () => {
    const o = (cityCode: string, measure: RateOutcome['measure'], ok: boolean, n: number): RateOutcome => ({ id: `${cityCode}${measure}${n}`, cityCode, measure, ok, at: new Date(at) });
    const rates = ratesByCity([o(DL, 'response', true, 1), o(SY, 'response', true, 1), o(SY, 'response', true, 2), o(SY, 'response', false, 3), o(SY, 'resolution', true, 1), o(SY, 'satisfaction', false, 1)]);
    expect(rates.map((r) => r.cityCode)).toEqual([SY, DL]);
    const names: Record<string, string> = { [SY]: '沈阳市', [DL]: '大连市' };
    const zh = ratesDigestText(rates, (c) => names[c]!, { firstDay: '2026-11-30', lastDay: '2026-12-06' }, 'zh-CN');
    expect(zh.subject).toBe('各市三率周报（2026-11-30 至 2026-12-06）');
    expect(zh.body.split('\n')).toEqual([
      '沈阳市：及时响应率 66.7%（2/3），按时解决率 100%（1/1），满意率 0%（0/1）',
      '大连市：及时响应率 100%（1/1），按时解决率 无（0/0），满意率 无（0/0）',
    ]);
    const en = ratesDigestText(rates, (c) => (c === SY ? 'Shenyang' : 'Dalian'), { firstDay: '2026-11-30', lastDay: '2026-12-06' }, 'en');
    expect(en.body.split('\n')[1]).toBe('Dalian: response in time 100% (1/1), resolved on time n/a (0/0), satisfaction n/a (0/0)');
  });
});
