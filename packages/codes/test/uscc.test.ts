import fc from 'fast-check';
import { checkUscc, makeUscc, USCC_ALPHABET } from '../src';

const char = (set: string) => fc.constantFrom(...set.split(''));
const validUscc = fc
  .tuple(
    char('123456789ANY'),
    char('123456789'),
    fc.array(char('0123456789'), { minLength: 6, maxLength: 6 }),
    fc.array(char(USCC_ALPHABET), { minLength: 8, maxLength: 8 }),
  )
  .map(([a, k, region, body]) => makeUscc(a, k, region.join(''), body.join('')));

describe('USCC (GB 32100-2015)', () => {
  it('accepts published real-world codes', () => {
    // Codes printed on business licences (Huawei, Tencent, Alibaba, the standard's own sample, Xiaomi).
    for (const code of ['914403001922038216', '9144030071526726XG', '91330100716105852F', '91350100M000100Y43', '91110108551385082Q']) {
      expect(checkUscc(code)).toEqual({ ok: true, code });
    }
    expect(checkUscc(' 9144030071526726xg ')).toEqual({ ok: true, code: '9144030071526726XG' });
  });

  it('accepts every generated valid code', () => {
    fc.assert(fc.property(validUscc, (code) => checkUscc(code).ok), { numRuns: 2000 });
  });

  it('rejects every single-character change to a valid code', () => {
    const anyChar = fc.constantFrom(...(USCC_ALPHABET + 'IOSVZ-a ').split(''));
    fc.assert(
      fc.property(validUscc, fc.integer({ min: 0, max: 17 }), anyChar, (code, pos, replacement) => {
        fc.pre(code[pos] !== replacement && code[pos] !== replacement.toUpperCase());
        const changed = code.slice(0, pos) + replacement + code.slice(pos + 1);
        return !checkUscc(changed).ok;
      }),
      { numRuns: 5000 },
    );
  });

  it('says why a code is rejected', () => {
    const good = makeUscc('9', '1', '210102', '12345678');
    expect(checkUscc(good.slice(0, 17))).toEqual({ ok: false, reason: 'must be 18 characters long, got 17' });
    expect(checkUscc(good.slice(0, 17) + 'I')).toMatchObject({ ok: false, reason: expect.stringContaining("'I' at position 18") });
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(checkUscc(wrongCheck)).toMatchObject({ ok: false, reason: expect.stringContaining('check character (position 18)') });
    expect(checkUscc('X' + good.slice(1))).toMatchObject({ ok: false, reason: expect.stringContaining('registration authority') });
  });
});
