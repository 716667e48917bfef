import { RecentlyUsed } from '../src/recently-used';

describe('RecentlyUsed', () => {
  it('forgets the least recently used past its size; a use counts, a peek does not', () => {
    const m = new RecentlyUsed<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.use('a')).toBe(1);
    m.set('c', 3);
    expect([m.peek('a'), m.peek('b'), m.peek('c')]).toEqual([1, undefined, 3]);
    expect(m.peek('a')).toBe(1);
    m.set('d', 4);
    // 'a' was peeked, not used, since 'c' was set: it is the one forgotten.
    expect([m.peek('a'), m.peek('c'), m.peek('d')]).toEqual([undefined, 3, 4]);
  });

  it('replaces a value in place and forgets a deleted key', () => {
    const m = new RecentlyUsed<string, number>(2);
    m.set('a', 1);
    m.set('a', 2);
    m.set('b', 3);
    expect([m.peek('a'), m.peek('b')]).toEqual([2, 3]);
    m.delete('a');
    expect(m.use('a')).toBeUndefined();
  });
});
