import { narrative, periodLabel } from '../../src/domain/narrative';
import { buildSummary } from '../../src/domain/report';

const summary = buildSummary(
  { code: '210000', name: '辽宁省', nameEn: 'Liaoning', level: 'province' },
  { from: '2025-01-01', to: '2025-12-31' },
  { requests: 2034, problemsSolved: 458, solutions: 84, responseDue: 200, respondedWithin24h: 197, responseHist: { 90: 3 }, resolutionsTimed: 4, resolvedOnTime: 3, trainingSessions: 12, peopleTrained: 246 },
  { served: 1718, contactPoint: 48, keyEnergy: 12, persons: 238, units: 17 },
);

describe('narrative', () => {
  it('reads like a bureau annual summary in Chinese', () => {
    expect(narrative(summary, 'zh-CN')).toBe(
      '2025年，辽宁省计量部门深入开展“计量服务进企业”活动，共服务企业1,718家，其中联系点企业48家、重点用能单位12家；受理企业服务诉求2,034件，解决问题458个，提供解决方案84项。' +
        '24小时响应率98.5%，按时办结率75%，响应时间中位数1.5小时。组织计量培训12期，培训246人次；完成资格核准建档238人，涉及17家单位。',
    );
  });

  it('and in English, leaving out rates with nothing due', () => {
    const text = narrative(summary, 'en');
    expect(text).toContain('In 2025, the metrology authorities of Liaoning served 1,718 enterprises, including 48 contact-point enterprises and 12 key energy-using units.');
    expect(text).toContain('98.5% of requests were answered within 24 hours, 75% were resolved on time and the median response time was 1.5 hours.');
    expect(text).not.toContain('satisfaction');
    expect(text).toContain('They handled 2,034 service requests, solved 458 problems and provided 84 solutions.');
    expect(text).toContain('12 training sessions trained 246 people, and qualification files were archived for 238 people from 17 units.');
  });

  it('leaves out every figure that is zero, in both languages', () => {
    const quiet = buildSummary(
      { code: '211200', name: '铁岭市', nameEn: 'Tieling', level: 'city' },
      { from: '2025-01-01', to: '2025-12-31' },
      { requests: 0, problemsSolved: 0, solutions: 84, responseDue: 0, respondedWithin24h: 0, responseHist: {}, resolutionsTimed: 0, resolvedOnTime: 0, trainingSessions: 0, peopleTrained: 246 },
      { served: 48, contactPoint: 48, keyEnergy: 0, persons: 0, units: 0 },
    );
    expect(narrative(quiet, 'zh-CN')).toBe('2025年，铁岭市计量部门深入开展“计量服务进企业”活动，共服务企业48家，其中联系点企业48家；提供解决方案84项。培训246人次。');
    expect(narrative(quiet, 'en')).toBe('In 2025, the metrology authorities of Tieling served 48 enterprises, including 48 contact-point enterprises. They provided 84 solutions. 246 people were trained.');
    for (const text of [narrative(quiet, 'zh-CN'), narrative(quiet, 'en')]) expect(text).not.toMatch(/(^|[^\d,.])0(次|个|家|件|项|期|人| )/);
  });

  it('names the period the way reports do', () => {
    expect(periodLabel({ from: '2025-04-01', to: '2025-06-30' }, 'zh-CN')).toBe('2025年第二季度');
    expect(periodLabel({ from: '2025-03-01', to: '2025-03-31' }, 'en')).toBe('March 2025');
    expect(periodLabel({ from: '2025-03-04', to: '2025-03-04' }, 'zh-CN')).toBe('2025年3月4日');
    expect(periodLabel({ from: '2025-03-04', to: '2025-05-01' }, 'en')).toBe('the period from 4 March 2025 to 1 May 2025');
  });
});
