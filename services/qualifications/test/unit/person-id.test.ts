import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { checkIdNumber, decryptIdNumber, encryptIdNumber, makeIdNumber, maskId, normalizeIdNumber, personKey } from '../../src/domain/person-id';

const KEY = Buffer.alloc(32, 1).toString('base64');
const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'.split('')), { minLength: n, maxLength: n }).map((a) => a.join(''));
const validId = fc
  .tuple(fc.integer({ min: 1, max: 8 }), digits(5), fc.date({ min: new Date('1900-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }), digits(3))
  .map(([first, rest, birth, seq]) => makeIdNumber(`${first}${rest}`, birth.toISOString().slice(0, 10).replace(/-/g, ''), seq));

describe('ID numbers (GB 11643-1999)', () => {
  it("accepts the standard's sample number and normalizes spacing and a lower-case x", () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({ ok: true, idNumber: '11010519491231002X' });
    expect(checkIdNumber(' 110105 19491231 002x ')).toEqual({ ok: true, idNumber: '11010519491231002X' });
  });

  it('accepts every generated valid number', () => {
    fc.assert(fc.property(validId, (id) => checkIdNumber(id).ok), { numRuns: 2000 });
  });

  it('rejects every single-character change', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'0123456789X'.split('')), (id, pos, ch) => {
        fc.pre(id[pos] !== ch);
        return !checkIdNumber(id.slice(0, pos) + ch + id.slice(pos + 1)).ok;
      }),
      { numRuns: 5000 },
    );
  });

  it('says why, without quoting the number', () => {
    const good = makeIdNumber('210102', '19850312', '123');
    const cases: [string, RegExp][] = [
      [good.slice(0, 17), /18 characters long, got 17/],
      [good.slice(0, 16) + 'XX', /17 digits followed by/],
      ['0' + good.slice(1), /address code/],
      [makeIdNumber('210102', '19850230', '123'), /real date of birth/],
      [good.slice(0, 17) + (good[17] === '0' ? '1' : '0'), /check character/],
    ];
    for (const [input, reason] of cases) {
      const r = checkIdNumber(input);
      expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
      expect((r as { reason: string }).reason).not.toContain(input);
    }
  });

  it('derives one person key per number whatever the spelling, and different keys per hash key', () => {
    const id = '11010519491231002X';
    expect(personKey('k1', id)).toMatch(/^[0-9a-f]{64}$/);
    expect(personKey('k1', ' 11010519491231002x')).toBe(personKey('k1', id));
    expect(personKey('k2', id)).not.toBe(personKey('k1', id));
    // HMAC-SHA256(key, normalized id) as hex: the value the training service computes too.
    expect(personKey('k1', id)).toBe(createHmac('sha256', 'k1').update(id).digest('hex'));
  });

  it('encrypts with a fresh IV each time, decrypts back, and refuses a tampered value', () => {
    fc.assert(
      fc.property(validId, (id) => {
        const a = encryptIdNumber(KEY, id);
        return a !== encryptIdNumber(KEY, id) && !a.includes(id) && decryptIdNumber(KEY, a) === id;
      }),
      { numRuns: 200 },
    );
    const stored = encryptIdNumber(KEY, '11010519491231002X');
    const parts = stored.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    expect(() => decryptIdNumber(KEY, [...parts.slice(0, 3), ct.toString('base64url')].join('.'))).toThrow();
    expect(() => decryptIdNumber(Buffer.alloc(32, 2).toString('base64'), stored)).toThrow();
  });

  it('masks all but the last 4 characters', () => {
    expect(maskId('11010519491231002x')).toBe('**************002X');
    expect(normalizeIdNumber(' 1 2x ')).toBe('12X');
  });
});
