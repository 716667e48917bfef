import { infra, uniq } from '@metrodesk/testkit';
import { SharedWriteLocks } from '../src';

// Two lock clients stand for two processes: what one holds in Redis, the other waits for.
const open: SharedWriteLocks[] = [];
const locks = (ttlMs = 10_000) => {
  const l = SharedWriteLocks.connect(infra.redisUrl, { ttlMs });
  open.push(l);
  return l;
};
afterAll(() => Promise.all(open.map((l) => l.close())));

/** Resolves to what `p` resolved to, or 'waiting' when it has not within `ms`. */
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), ms))]);

describe('shared write locks (Redis)', () => {
  it('lets one holder of a document at a time, the next once it is released', async () => {
    const [a, b] = [locks(), locks()];
    const ns = uniq('ns');
    const releaseA = await a.doc(ns, 'x');
    const second = b.doc(ns, 'x');
    expect(await within(second, 200)).toBe('waiting');
    // Another document of the collection is not held up.
    await (await b.doc(ns, 'y'))();
    await releaseA();
    await (await second)();
  });

  it('holds a collection-wide write until every per-document write of the other process is done, and new ones after it', async () => {
    const [a, b] = [locks(), locks()];
    const ns = uniq('ns');
    const docWrite = await a.doc(ns, 'x');
    const whole = b.all(ns);
    expect(await within(whole, 200)).toBe('waiting');
    await docWrite();
    const releaseWhole = await whole;
    const later = a.doc(ns, 'z');
    expect(await within(later, 200)).toBe('waiting');
    await releaseWhole();
    await (await later)();
  });

  it('frees the locks of a holder that died after their expiry, and not before', async () => {
    const [dead, b] = [locks(300), locks(300)];
    const ns = uniq('ns');
    await dead.doc(ns, 'x');
    await dead.all(uniq('other'));
    // A killed process renews nothing.
    await dead.close();
    const t = Date.now();
    await (await b.doc(ns, 'x'))();
    expect(Date.now() - t).toBeGreaterThanOrEqual(150);
  });

  it('keeps a lock held past its expiry while the holder lives (renewed)', async () => {
    const [a, b] = [locks(300), locks(300)];
    const ns = uniq('ns');
    const releaseA = await a.doc(ns, 'x');
    expect(await within(b.all(ns), 1000)).toBe('waiting');
    await releaseA();
  });
});
