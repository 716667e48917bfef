import { KeyedLock, isDuplicateKey, parseMongoCompat, mongoCompatModes } from '../src/compat';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('MONGO_COMPAT', () => {
  it('takes the known modes and means none when absent', () => {
    expect(mongoCompatModes).toEqual(['none', 'ferretdb-v1']);
    expect(parseMongoCompat('none')).toBe('none');
    expect(parseMongoCompat('ferretdb-v1')).toBe('ferretdb-v1');
    expect(parseMongoCompat(undefined)).toBe('none');
  });

  it.each(['ferretdb', 'FERRETDB-V1', 'true', ''])('refuses %p naming the setting, the allowed values and the value given', (bad) => {
    expect(() => parseMongoCompat(bad)).toThrow(`MONGO_COMPAT: must be one of none, ferretdb-v1 (got "${bad}")`);
  });
});

describe('KeyedLock', () => {
  it('runs the tasks of one key one at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) =>
      lock.run('k', async () => {
        running += 1;
        most = Math.max(most, running);
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        running -= 1;
        return name;
      });
    expect(await Promise.all([task('a'), task('b'), task('c')])).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(lock.busyKeys).toBe(0);
  });

  it('lets different keys run at the same time', async () => {
    const lock = new KeyedLock();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = lock.run('a', () => gate.then(() => 'a'));
    // 'b' finishes while 'a' still holds its key.
    expect(await lock.run('b', async () => 'b')).toBe('b');
    expect(lock.busyKeys).toBe(1);
    release();
    expect(await first).toBe('a');
  });

  it('passes a failure to its caller and goes on with the next task of the key', async () => {
    const lock = new KeyedLock();
    const failed = lock.run('k', async () => {
      throw new Error('boom');
    });
    const next = lock.run('k', async () => 'after');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('after');
    expect(lock.busyKeys).toBe(0);
  });

  it('keeps a key held until released, however often release is called', async () => {
    const lock = new KeyedLock();
    const release = await lock.acquire('k');
    let second = false;
    const waiting = lock.acquire('k').then((r) => {
      second = true;
      return r;
    });
    await tick();
    expect(second).toBe(false);
    release();
    release();
    (await waiting)();
    expect(second).toBe(true);
    expect(lock.busyKeys).toBe(0);
  });
});

describe('isDuplicateKey', () => {
  it("recognises MongoDB's code and the PostgreSQL message FerretDB v1 passes on for an update", () => {
    expect(isDuplicateKey({ code: 11000, message: 'E11000 duplicate key error' })).toBe(true);
    expect(isDuplicateKey({ code: 1, message: 'ERROR: duplicate key value violates unique constraint "x_code_idx" (SQLSTATE 23505)' })).toBe(true);
    expect(isDuplicateKey(new Error('connection reset'))).toBe(false);
    expect(isDuplicateKey(undefined)).toBe(false);
  });
});
