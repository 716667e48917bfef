import { toCsv, buildSummary } from '../../src/domain/report';
import { countMembers } from '../../src/domain/figures';
import { codesIn } from '../fixtures/words';

const summaryOf = (name: string, nameEn = name) =>
  buildSummary({ code: '210100', name, nameEn, level: 'city' }, { from: '2025-01-01', to: '2025-01-31' }, { requests: 3 }, countMembers({ served: ['a'] }));
const lines = (csv: Buffer) => csv.toString('utf8').replace(/^\uFEFF/, '').split('\r\n');

describe('report CSV', () => {
  it('starts with a byte-order mark, so spreadsheet programs read the Chinese headers as UTF-8', () => {
    const csv = toCsv([summaryOf('沈阳市')], 'zh-CN');
    expect(csv.toString('utf8').startsWith('\uFEFF地区代码,地区,')).toBe(true);
  });

  it('escapes a region name a spreadsheet would run as a formula, and quotes what needs quoting', () => {
    const [header, row] = lines(toCsv([summaryOf('=HYPERLINK("x"), 沈阳')], 'en'));
    expect(header!.startsWith('Region code,Region,From,To,Enterprises served')).toBe(true);
    expect(row!.startsWith(`210100,"'=HYPERLINK(""x""), 沈阳",2025-01-01,2025-01-31,1,`)).toBe(true);
  });

  it('escapes a name led by a tab or carriage return too (OWASP), which programs also read as a formula', () => {
    const [, tab] = lines(toCsv([summaryOf('\t=1+1')], 'en'));
    expect(tab!.startsWith(`210100,"'\t=1+1",`)).toBe(true);
  });

  it('names the region in the asked language', () => {
    expect(lines(toCsv([summaryOf('沈阳市', 'Shenyang')], 'en'))[1]!.startsWith('210100,Shenyang,')).toBe(true);
    expect(lines(toCsv([summaryOf('沈阳市', 'Shenyang')], 'zh-CN'))[1]!.startsWith('210100,沈阳市,')).toBe(true);
  });

  it('heads every column in words, never with a category, state or priority code', () => {
    const zh = lines(toCsv([summaryOf('沈阳市')], 'zh-CN'))[0]!;
    expect(zh).toContain('类别：检定校准');
    expect(zh).toContain('状态：等待企业答复');
    expect(zh).toContain('按时响应率：特急(%)');
    for (const lang of ['zh-CN', 'en'] as const) {
      expect(codesIn(toCsv([summaryOf('沈阳市', 'Shenyang')], lang).toString('utf8'))).toEqual([]);
    }
  });
});
