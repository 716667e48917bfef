import type { Identity } from '@metrodesk/access';
import { afterFailure, mayManage, retryDelayAfter, wants, DISABLE_AFTER_MS } from '../../src/domain/webhooks';

const who = (role: Identity['role'], cityCode?: string): Identity => ({ userId: 'u', role, ...(cityCode ? { cityCode } : {}), exp: 0 });

describe('webhook rules', () => {
  it('retries 5 s, 5 min, 30 min, 2 h, 5 h and 10 h after the failed attempts', () => {
    expect([1, 2, 3, 4, 5, 6].map(retryDelayAfter)).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000]);
  });
  it('switches a receiver off after five days of failures, not before', () => {
    const since = new Date('2026-03-01T00:00:00Z');
    expect(afterFailure({ failingSince: null }, since)).toEqual({ failingSince: since, disable: false });
    expect(afterFailure({ failingSince: since }, new Date(since.getTime() + DISABLE_AFTER_MS - 1)).disable).toBe(false);
    expect(afterFailure({ failingSince: since }, new Date(since.getTime() + DISABLE_AFTER_MS)).disable).toBe(true);
  });
  it('sends a city receiver its own city\'s kinds only, a province receiver every city\'s', () => {
    const city = { owner: { level: 'city' as const, cityCode: '210100' }, kinds: ['unroutable' as const], active: true };
    expect(wants(city, 'unroutable', '210100')).toBe(true);
    expect(wants(city, 'unroutable', '210200')).toBe(false);
    expect(wants(city, 'request_received', '210100')).toBe(false);
    expect(wants({ ...city, active: false }, 'unroutable', '210100')).toBe(false);
    expect(wants({ owner: { level: 'province', cityCode: null }, kinds: [], active: true }, 'escalated', '210200')).toBe(true);
  });
  it('lets a city manager manage their city only', () => {
    const sy = { level: 'city' as const, cityCode: '210100' };
    expect(mayManage(who('city_manager', '210100'), sy)).toBe(true);
    expect(mayManage(who('city_manager', '210200'), sy)).toBe(false);
    expect(mayManage(who('city_manager', '210100'), { level: 'province', cityCode: null })).toBe(false);
    expect(mayManage(who('liaison', '210100'), sy)).toBe(false);
    expect(mayManage(who('province_manager'), sy)).toBe(true);
  });
});
