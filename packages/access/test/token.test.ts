import { signAccessToken, verifyAccessToken } from '../src';

const secret = 'jwt-secret-for-tests';

describe('access tokens', () => {
  it('round-trips claims and rejects expiry, tampering and other keys', () => {
    const t = signAccessToken({ sub: 'u1', role: 'liaison', cityCode: '210100' }, secret, 60, 1_000_000);
    expect(verifyAccessToken(t, secret, 1_000_000)).toMatchObject({ sub: 'u1', role: 'liaison', cityCode: '210100', exp: 1060 });
    expect(() => verifyAccessToken(t, secret, 1_061_000)).toThrow(/expired/);
    expect(() => verifyAccessToken(t, 'other-secret', 1_000_000)).toThrow(/bad signature/);
    const [h, , s] = t.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u1', role: 'admin', iat: 1000, exp: 9999999999 })).toString('base64url');
    expect(() => verifyAccessToken(`${h}.${forged}.${s}`, secret)).toThrow(/bad signature/);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(() => verifyAccessToken(`${none}.${forged}.`, secret)).toThrow(/malformed/);
    expect(() => verifyAccessToken(undefined, secret)).toThrow(/no access token/);
  });
});

describe('token lifetime cap', () => {
  const secret = 'lifetime-test-secret-0123456789-abcdef';
  it('refuses a validly signed token that claims to live longer than an hour', () => {
    const long = signAccessToken({ sub: 'u', role: 'admin' }, secret, 24 * 3600);
    expect(() => verifyAccessToken(long, secret)).toThrow(/longer than allowed/);
    expect(verifyAccessToken(signAccessToken({ sub: 'u', role: 'admin', sid: 's', tv: 2 }, secret, 900), secret)).toMatchObject({ sid: 's', tv: 2 });
  });
});
