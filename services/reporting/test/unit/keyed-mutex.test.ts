import { KeyedMutex } from '../../src/persistence/keyed-mutex';
import { toCsv, buildSummary } from '../../src/domain/report';
import { countMembers } from '../../src/domain/figures';

describe('KeyedMutex', () => {
  it('runs tasks of one key one at a time, other keys alongside, and survives a failure', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const task = (key: string, name: string, ms: number, fail = false) =>
      m.run(key, async () => {
        log.push(`${name}>`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`<${name}`);
        if (fail) throw new Error(name);
      });
    await Promise.allSettled([task('a', 'a1', 30, true), task('a', 'a2', 1), task('b', 'b1', 5)]);
    expect(log.indexOf('<a1')).toBeLessThan(log.indexOf('a2>'));
    expect(log.indexOf('b1>')).toBeLessThan(log.indexOf('<a1'));
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    const s = buildSummary({ code: '210100', name: '=HYPERLINK("x"), 沈阳', nameEn: 'Shenyang', level: 'city' }, { from: '2025-01-01', to: '2025-01-31' }, { requests: 3 }, countMembers({ served: ['a'] }));
    const [header, row] = toCsv([s], 'en').split('\r\n');
    expect(header!.startsWith('Region code,Region,From,To,Enterprises served')).toBe(true);
    expect(row!.startsWith(`210100,"'=HYPERLINK(""x""), 沈阳",2025-01-01,2025-01-31,1,`)).toBe(true);
  });
});
