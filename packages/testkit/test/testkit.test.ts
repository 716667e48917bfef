import { uniq, waitFor } from '../src';

describe('testkit', () => {
  it('makes unique ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uniq('x')));
    expect(ids.size).toBe(1000);
  });

  it('waits for a condition and times out with what it waited for', async () => {
    let n = 0;
    await expect(waitFor(() => ++n >= 3, { intervalMs: 1 })).resolves.toBe(true);
    await expect(waitFor(() => false, { timeoutMs: 30, what: 'nothing' })).rejects.toThrow(/waiting for nothing/);
  });
});
