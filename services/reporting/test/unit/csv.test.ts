import { toCsv, buildSummary } from '../../src/domain/report';
import { countMembers } from '../../src/domain/figures';

const summaryOf = (name: string) =>
  buildSummary({ code: '210100', name, nameEn: 'Shenyang', level: 'city' }, { from: '2025-01-01', to: '2025-01-31' }, { requests: 3 }, countMembers({ served: ['a'] }));
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
});
