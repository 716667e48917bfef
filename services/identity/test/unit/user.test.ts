import type { ValidationError } from '@metrodesk/errors';
import { afterFailure, checkBinding, checkPasswordStrength, isLocked } from '../../src/domain/user';

describe('user rules', () => {
  it('locks the account at the threshold and not before', () => {
    const now = new Date('2026-11-27T00:00:00Z');
    const policy = { threshold: 3, lockMinutes: 15 };
    expect(afterFailure(0, now, policy)).toEqual({ failedLogins: 1, lockedUntil: null });
    expect(afterFailure(1, now, policy)).toEqual({ failedLogins: 2, lockedUntil: null });
    const locked = afterFailure(2, now, policy);
    expect(locked.lockedUntil?.toISOString()).toBe('2026-11-27T00:15:00.000Z');
    expect(isLocked({ lockedUntil: locked.lockedUntil }, now)).toBe(true);
    expect(isLocked({ lockedUntil: locked.lockedUntil }, new Date('2026-11-27T00:15:00.001Z'))).toBe(false);
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
  });
});
