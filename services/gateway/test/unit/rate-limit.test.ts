import { RateLimiter } from '../../src/domain/rate-limit';

describe('RateLimiter', () => {
  it('allows the limit per window and per key, then says how long to wait', () => {
    const rl = new RateLimiter(2, 60_000);
    expect(rl.take('a', 0)).toBe(0);
    expect(rl.take('a', 1000)).toBe(0);
    expect(rl.take('a', 2000)).toBe(58);
    expect(rl.take('b', 2000)).toBe(0);
    expect(rl.take('a', 60_000)).toBe(0);
  });
});
