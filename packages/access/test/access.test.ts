import { signIdentity, verifyIdentity, canSee, scopeFilter, type Identity } from '../src';

const secret = 'test-secret';
const liaison: Identity = { userId: 'u1', role: 'liaison', cityCode: '210100', exp: 0 };

describe('forwarded identity', () => {
  it('round-trips a signed identity', () => {
    const header = signIdentity({ userId: 'u1', role: 'liaison', cityCode: '210100' }, secret);
    expect(verifyIdentity(header, secret)).toMatchObject({ userId: 'u1', role: 'liaison', cityCode: '210100' });
  });

  it('rejects a tampered, missing, expired or wrongly keyed identity', () => {
    const header = signIdentity({ userId: 'u1', role: 'liaison', cityCode: '210100' }, secret);
    const [payload, sig] = header.split('.');
    const forged = Buffer.from(JSON.stringify({ userId: 'u1', role: 'province_manager', exp: 9999999999 })).toString('base64url');
    expect(() => verifyIdentity(`${forged}.${sig}`, secret)).toThrow(/bad signature/);
    expect(() => verifyIdentity(undefined, secret)).toThrow(/No identity/);
    expect(() => verifyIdentity(`${payload}.${sig}`, 'other')).toThrow(/bad signature/);
    const old = signIdentity({ userId: 'u1', role: 'liaison', cityCode: '210100', exp: 1 }, secret);
    expect(() => verifyIdentity(old, secret)).toThrow(/expired/);
  });

  it('will not sign a liaison without a city', () => {
    const header = signIdentity({ userId: 'u1', role: 'liaison' }, secret);
    expect(() => verifyIdentity(header, secret)).toThrow(/malformed/);
  });
});

describe('scope', () => {
  it('lets a liaison see only their city', () => {
    expect(canSee(liaison, { cityCode: '210100' })).toBe(true);
    expect(canSee(liaison, { cityCode: '210200' })).toBe(false);
    expect(canSee(liaison, {})).toBe(false);
    expect(scopeFilter(liaison, { city: 'cityCode', enterprise: '_id' })).toEqual({ cityCode: '210100' });
  });

  it('lets an enterprise user see only their enterprise', () => {
    const ent: Identity = { userId: 'u2', role: 'enterprise', enterpriseId: 'e1', exp: 0 };
    expect(canSee(ent, { enterpriseId: 'e1', cityCode: '210100' })).toBe(true);
    expect(canSee(ent, { enterpriseId: 'e2', cityCode: '210100' })).toBe(false);
    expect(scopeFilter(ent, { city: 'cityCode', enterprise: '_id' })).toEqual({ _id: 'e1' });
  });

  it('lets a province manager see everything', () => {
    const pm: Identity = { userId: 'u3', role: 'province_manager', exp: 0 };
    expect(canSee(pm, { cityCode: '211400' })).toBe(true);
    expect(scopeFilter(pm, { city: 'cityCode', enterprise: '_id' })).toEqual({});
  });
});
