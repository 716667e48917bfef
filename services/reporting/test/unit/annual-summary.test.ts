import { annualSummary, summaryText, type RegionFigures } from '../../src/domain/annual-summary';
import { programmeFigures } from '../../src/domain/programme-records';
import { buildSummary, type Summary } from '../../src/domain/report';

const year = { from: '2016-01-01', to: '2016-12-31' };
const province: Summary['region'] = { code: '210000', name: '辽宁省', nameEn: 'Liaoning', level: 'province' };
const tieling: Summary['region'] = { code: '211200', name: '铁岭市', nameEn: 'Tieling', level: 'city' };
const none = programmeFigures([], new Set(), year);
const service = (region: Summary['region'], served: number, contactPoint: number, solutions: number, trained: number, solved = 0) =>
  buildSummary(region, year, { solutions, peopleTrained: trained, problemsSolved: solved, trainingSessions: trained > 0 ? 1 : 0 }, { served, contactPoint, keyEnergy: 0, persons: 0, units: 0 });
const figures = (region: Summary['region'], s: Summary): RegionFigures => ({ region, programmes: none, service: s });

describe('the annual summary, industrial metrology', () => {
  const whole = figures(province, service(province, 1718, 48, 84, 246, 458));
  const city = figures(tieling, service(tieling, 0, 48, 84, 246));

  it('opens with the province and names the city in the bureau\'s own words', () => {
    const zh = annualSummary(whole, [city], year, 'zh-CN');
    expect(summaryText(zh).split('\n')).toEqual([
      '辽宁省2016年计量工作总结',
      '一、产业计量',
      '2016年，全省服务企业1,718家，解决问题458个，针对48家联系点企业提供检定校准、测试解决方案84个，培训企业计量管理和技术人员246人。',
      '铁岭市局针对48家联系点企业提供检定校准、测试解决方案84个，培训企业计量管理和技术人员246人。',
    ]);
    const en = annualSummary(whole, [city], year, 'en');
    expect(en.sections[0]!.paragraphs[1]).toBe('Tieling City Bureau provided 84 verification, calibration and testing solutions to 48 contact-point enterprises and trained 246 metrology managers and technicians.');
  });

  it('leaves out programmes and cities with nothing to report', () => {
    const quiet = figures(tieling, service(tieling, 0, 0, 0, 0));
    expect(annualSummary(figures(province, service(province, 0, 0, 0, 0)), [quiet], year, 'zh-CN').sections).toEqual([]);
    expect(annualSummary(whole, [quiet], year, 'en').sections[0]!.paragraphs).toHaveLength(1);
  });
});
