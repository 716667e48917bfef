import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { z } from 'zod';
import { checkIdNumber, decryptId, encryptId, idCheckChar, makeIdNumber, maskId, normalizeIdNumber, personKey, privacyEnv, privacyKeys } from '../src';

const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'.split('')), { minLength: n, maxLength: n }).map((a) => a.join(''));
const validId = fc
  .tuple(fc.constantFrom('210102', '210203', '110105', '440524'), fc.date({ min: new Date('1930-01-01'), max: new Date('2010-12-31'), noInvalidDate: true }), digits(3))
  .map(([region, birth, seq]) => makeIdNumber(region + birth.toISOString().slice(0, 10).replace(/-/g, '') + seq));

const keys = () => privacyKeys({ ID_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ID_HASH_KEY: randomBytes(32).toString('hex') });

describe('ID numbers (GB 11643-1999)', () => {
  it("accepts the standard's own samples, whatever the spacing and case", () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({ ok: true, idNumber: '11010519491231002X', birthDate: '1949-12-31' });
    expect(checkIdNumber(' 440524 18800101 0014 ')).toMatchObject({ ok: true, idNumber: '440524188001010014' });
    expect(checkIdNumber('11010519491231002x')).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
    expect(idCheckChar('11010519491231002')).toBe('X');
  });

  it('accepts every generated valid number', () => {
    fc.assert(fc.property(validId, (id) => checkIdNumber(id).ok), { numRuns: 2000 });
  });

  it('rejects every single-digit change (MOD 11-2 catches them all)', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'0123456789X'.split('')), (id, pos, ch) => {
        fc.pre(id[pos] !== ch);
        return !checkIdNumber(id.slice(0, pos) + ch + id.slice(pos + 1)).ok;
      }),
      { numRuns: 5000 },
    );
  });

  it('rejects swapped adjacent digits', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 16 }), (id, pos) => {
        fc.pre(id[pos] !== id[pos + 1]);
        return !checkIdNumber(id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2)).ok;
      }),
      { numRuns: 2000 },
    );
  });

  it('says why, without repeating the number', () => {
    const wrongCheck = '110105194912310021';
    const r = checkIdNumber(wrongCheck);
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('check character') });
    expect(JSON.stringify(r)).not.toContain('1101051949');
    expect(checkIdNumber('1101051949123100')).toEqual({ ok: false, reason: 'must be 18 characters long, got 16' });
    expect(checkIdNumber(makeIdNumber('21010219490231002'))).toMatchObject({ ok: false, reason: expect.stringContaining('date of birth') });
    expect(checkIdNumber('11010519491231X02X')).toMatchObject({ ok: false, reason: expect.stringContaining('17 digits') });
  });

  it('masks all but the last 4 characters', () => {
    expect(maskId('11010519491231002X')).toBe('**************002X');
    expect(normalizeIdNumber('110105-19491231-002x')).toBe('11010519491231002X');
  });
});

describe('person keys and encryption', () => {
  it('gives one person one key, however the number was typed, and different people different keys', () => {
    const k = keys();
    const a = personKey(k.hashKey, '11010519491231002X');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(personKey(k.hashKey, ' 11010519491231002x')).toBe(a);
    expect(personKey(k.hashKey, '440524188001010014')).not.toBe(a);
    expect(personKey(keys().hashKey, '11010519491231002X')).not.toBe(a);
  });

  it('is HMAC-SHA256 keyed with the ID_HASH_KEY string over the normalized number (the cross-service agreement)', () => {
    const ID_HASH_KEY = 'metrodesk-agreed-person-key-secret-0001';
    const { hashKey } = privacyKeys({ ID_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ID_HASH_KEY });
    const { createHmac } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    expect(personKey(hashKey, '11010519491231002x')).toBe(createHmac('sha256', ID_HASH_KEY).update('11010519491231002X').digest('hex'));
  });

  it('round-trips through AES-256-GCM without the number showing in the ciphertext', () => {
    const k = keys();
    fc.assert(
      fc.property(validId, (id) => {
        const token = encryptId(k.encryptionKey, id);
        return !token.includes(id) && decryptId(k.encryptionKey, token) === id;
      }),
      { numRuns: 300 },
    );
    const id = '11010519491231002X';
    expect(encryptId(k.encryptionKey, id)).not.toBe(encryptId(k.encryptionKey, id));
  });

  it('refuses a token made with another key or altered', () => {
    const k = keys();
    const token = encryptId(k.encryptionKey, '11010519491231002X');
    expect(() => decryptId(keys().encryptionKey, token)).toThrow();
    const parts = token.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    expect(() => decryptId(k.encryptionKey, [parts[0], parts[1], parts[2], ct.toString('base64url')].join('.'))).toThrow();
    expect(() => decryptId(k.encryptionKey, 'plain')).toThrow('not an encrypted ID number');
  });

  it('validates the key variables for a service config', () => {
    const schema = z.object(privacyEnv);
    expect(schema.safeParse({ ID_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ID_HASH_KEY: randomBytes(32).toString('base64') }).success).toBe(true);
    const bad = schema.safeParse({ ID_ENCRYPTION_KEY: randomBytes(16).toString('base64'), ID_HASH_KEY: 'too short' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).sort()).toEqual(['ID_ENCRYPTION_KEY: must decode to exactly 32 bytes, got 16', 'ID_HASH_KEY: must be at least 32 characters, got 9']);
    expect(schema.safeParse({ ID_ENCRYPTION_KEY: 'not base64!', ID_HASH_KEY: 'x'.repeat(32) }).error!.issues[0]!.message).toBe('must be base64');
    expect(() => privacyKeys({ ID_ENCRYPTION_KEY: 'abc', ID_HASH_KEY: 'abc' })).toThrow(/ID_ENCRYPTION_KEY/);
  });
});
