import { KeyedMutex } from '../../src/persistence/keyed-mutex';

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
