import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegions, regionNames } from '../src/regions';

describe('region data', () => {
  it('ships Liaoning: the province and its 14 cities, each with its list of districts', () => {
    const data = loadRegions();
    expect(data.province).toEqual({ code: '210000', name: '辽宁省', nameEn: 'Liaoning' });
    expect(data.cities).toHaveLength(14);
    expect(data.cities.every((c) => /^21\d{2}00$/.test(c.code) && Array.isArray(c.districts))).toBe(true);
    expect(data.cities.find((c) => c.code === '210100')?.districts).toContainEqual({ code: '210102', name: '和平区' });
  });

  it("loads another province's file", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'regions-')), 'regions.json');
    writeFileSync(file, JSON.stringify({ $comment: 'test', province: { code: '990000', name: '测试省' }, cities: [{ code: '990100', name: '甲市', nameEn: 'Alpha', districts: [] }] }));
    expect(loadRegions(file)).toEqual({ province: { code: '990000', name: '测试省' }, cities: [{ code: '990100', name: '甲市', nameEn: 'Alpha', districts: [] }] });
  });

  it("names a region in the reader's language, the Chinese name where there is no English one, and leaves an unknown code as it is", () => {
    const name = regionNames({ province: { code: '990000', name: '测试省' }, cities: [{ code: '990100', name: '甲市', nameEn: 'Alpha', districts: [] }] });
    expect(name('990100', 'zh-CN')).toBe('甲市');
    expect(name('990100', 'en')).toBe('Alpha');
    expect(name('990000', 'en')).toBe('测试省');
    expect(name('123456', 'en')).toBe('123456');
  });
});
