import { Coalescer } from '../src/coalesce';

/** A write the test lets finish when it says so, recording each batch it was given. */
function controlledWrite() {
  const batches: number[][] = [];
  const finish: (() => void)[] = [];
  let fail: Error | undefined;
  const write = (items: number[]) => {
    batches.push(items);
    return new Promise<number[]>((resolve, reject) => finish.push(() => (fail ? reject(fail) : resolve(items.map((i) => i * 10)))));
  };
  return { batches, write, next: () => finish.shift()!(), failNext: (e: Error) => (fail = e), succeed: () => (fail = undefined) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('Coalescer', () => {
  it('writes the first call at once and the calls made meanwhile together, each getting its own result', async () => {
    const w = controlledWrite();
    const c = new Coalescer(w.write);
    const first = c.add(1);
    await tick();
    expect(w.batches).toEqual([[1]]);
    const later = [c.add(2), c.add(3), c.add(4)];
    await tick();
    expect(w.batches).toEqual([[1]]);
    w.next();
    expect(await first).toBe(10);
    await tick();
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
    w.next();
    expect(await Promise.all(later)).toEqual([20, 30, 40]);
  });

  it("rejects every call of a failed batch with its error and goes on with the next", async () => {
    const w = controlledWrite();
    const c = new Coalescer(w.write);
    const first = c.add(1);
    const second = [c.add(2), c.add(3)];
    await tick();
    w.failNext(new Error('down'));
    w.next();
    await expect(first).rejects.toThrow('down');
    await tick();
    w.next();
    await Promise.all(second.map((p) => expect(p).rejects.toThrow('down')));
    w.succeed();
    const third = c.add(5);
    await tick();
    w.next();
    expect(await third).toBe(50);
    expect(w.batches).toEqual([[1], [2, 3], [5]]);
  });
});
