import { describe, expect, it } from 'vitest';
import { liaisonsMatching } from '../../src/lib/roster';

const rows = [
  { userId: 'a', name: '王芳', eligible: false },
  { userId: 'b', name: '李娜', eligible: true },
  { userId: 'c', name: 'Wang Lei', eligible: true },
  { userId: 'd', name: '王 磊', eligible: true },
];

describe('liaison picker', () => {
  it('keeps the names that hold what was typed, who can take the request first', () => {
    expect(liaisonsMatching(rows, '王').map((r) => r.userId)).toEqual(['d', 'a']);
    expect(liaisonsMatching(rows, ' 王磊').map((r) => r.userId)).toEqual(['d']);
    expect(liaisonsMatching(rows, 'wang').map((r) => r.userId)).toEqual(['c']);
  });

  it('lists everyone before anything is typed and no one when nothing matches', () => {
    expect(liaisonsMatching(rows, '').map((r) => r.userId)).toEqual(['b', 'c', 'd', 'a']);
    expect(liaisonsMatching(rows, '赵')).toEqual([]);
  });
});
