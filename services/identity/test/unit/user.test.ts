import type { ValidationError } from '@metrodesk/errors';
import { checkBinding, checkPasswordStrength, throttleKeys } from '../../src/domain/user';

describe('user rules', () => {
  it('keys sign-in attempts by account and client, never by account alone', () => {
    const a = throttleKeys('admin', '10.0.0.1');
    const b = throttleKeys('admin', '10.0.0.2');
    expect(a.account).not.toBe(b.account);
    expect(a.client).toBe('client:10.0.0.1');
  });

  it('binds enterprise users to an enterprise and city roles to a city', () => {
    expect(() => checkBinding({ role: 'enterprise' })).toThrow();
    expect(() => checkBinding({ role: 'liaison' })).toThrow();
    expect(() => checkBinding({ role: 'city_manager', cityCode: null })).toThrow();
    expect(() => checkBinding({ role: 'liaison', cityCode: '210100', enterpriseId: 'e1' })).toThrow();
    expect(() => checkBinding({ role: 'province_manager', cityCode: '210100' })).toThrow();
    expect(() => checkBinding({ role: 'liaison', cityCode: '210100' })).not.toThrow();
    expect(() => checkBinding({ role: 'enterprise', enterpriseId: 'e1' })).not.toThrow();
    expect(() => checkBinding({ role: 'admin' })).not.toThrow();
  });

  it('wants passwords of 10+ characters with letters and digits', () => {
    const why = (p: string) => {
      try {
        checkPasswordStrength(p);
        return null;
      } catch (e) {
        return (e as ValidationError).fields;
      }
    };
    expect(why('short1')).toEqual([{ path: 'password', message: 'password needs at least 10 characters' }]);
    expect(why('onlyletterslong')).toEqual([{ path: 'password', message: 'password needs both letters and digits' }]);
    expect(() => checkPasswordStrength('letters4nddigits')).not.toThrow();
    expect(() => checkPasswordStrength('Metrodesk2026')).not.toThrow();
  });

  it('refuses common passwords, the username, NUL and more than 72 bytes', () => {
    const why = (p: string, username?: string) => {
      try {
        checkPasswordStrength(p, 'password', username);
        return [];
      } catch (e) {
        return (e as ValidationError).fields.map((f) => f.message);
      }
    };
    expect(why('password12')).toEqual([expect.stringMatching(/too common/)]);
    expect(why('Password123')).toEqual([expect.stringMatching(/too common/)]);
    expect(why('liaison2026x', 'liaison2026x')).toEqual([expect.stringMatching(/username/)]);
    expect(why('wang.li-2026-pw', 'Wang.Li')).toEqual([expect.stringMatching(/username/)]);
    expect(why('good-pass-2026\u0000x')).toEqual([expect.stringMatching(/NUL/)]);
    expect(why('a1' + '计'.repeat(24))).toEqual([expect.stringMatching(/72 bytes/)]);
    expect(why('a1' + 'x'.repeat(70))).toEqual([]);
  });
});
