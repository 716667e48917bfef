import { describe, expect, it } from 'vitest';
import { ApiError, withQuery, sessionFromTokens } from '../../src/api/http';
import { normalizeFigures } from '../../src/api/reporting';
import { normalizeBreakdown, type Summary } from '../../src/lib/figures';
import { problemMessage, problemDetails, fieldErrors, fieldLabel } from '../../src/lib/problem';
import { matchPath } from '../../src/lib/router';
import { translate, type Lang } from '../../src/i18n';
import type { User } from '../../src/api/identity';

const tr = (lang: Lang) => (k: string, v?: Record<string, string | number>) => translate(lang, k, v);
const problem = (status: number, code: string, detail = 'service said so', extra = {}) => new ApiError({ status, code, detail, ...extra });

describe('problemMessage: API errors in the user language', () => {
  it('maps a known code to the message in each language', () => {
    expect(problemMessage(problem(409, 'duplicate_uscc'), tr('zh-CN'))).toBe('该统一社会信用代码已登记。');
    expect(problemMessage(problem(409, 'duplicate_uscc'), tr('en'))).toBe('An enterprise with this USCC is already registered.');
    expect(problemMessage(problem(429, 'too_many_attempts'), tr('en'))).toMatch(/Too many sign-in attempts/);
  });
  it('treats any <thing>_not_found as not found, and login 401 as bad credentials', () => {
    expect(problemMessage(problem(404, 'request_not_found'), tr('en'))).toBe('Not found, or you may not see it.');
    expect(problemMessage(problem(401, 'unauthorized'), tr('en'), 'login')).toBe('Wrong username or password.');
    expect(problemMessage(problem(401, 'unauthorized'), tr('en'))).toMatch(/sign in again/);
  });
  it('says what kind of failure an unknown code is, in Chinese without the English detail', () => {
    expect(problemMessage(problem(422, 'brand_new_rule', 'Needs course MT01'), tr('en'))).toBe('The conditions for this are not met; it cannot be done.');
    expect(problemMessage(problem(422, 'brand_new_rule', 'Needs course MT01'), tr('zh-CN'))).toBe('不满足办理条件，无法完成此操作。');
    expect(problemMessage(problem(409, 'brand_new_clash', 'Clash'), tr('zh-CN'))).not.toMatch(/Clash/);
    expect(problemMessage(problem(502, 'bad_gateway', 'upstream said no'), tr('zh-CN'))).toBe('服务暂时不可用，请稍后再试。');
    expect(problemMessage(problem(418, 'teapot', 'short and stout'), tr('en'))).not.toContain('short and stout');
    expect(problemMessage(new Error('boom'), tr('zh-CN'))).not.toContain('boom');
    expect(problemMessage(new Error('boom'), tr('zh-CN'))).toMatch(/^操作没有完成/);
  });
  it('keeps the request id, code and detail out of the message, for the details fold', () => {
    const err = problem(400, 'bad_range', 'from after to', { requestId: '0b0e7c3a-58a8-4f0e-9a7e-5c1d2f3a4b5c', errors: [{ path: 'to', message: 'must be on or after from' }] });
    const message = problemMessage(err, tr('zh-CN'));
    expect(message).not.toMatch(/0b0e7c3a|bad_range|from after to/);
    expect(problemDetails(err)).toEqual(['requestId: 0b0e7c3a-58a8-4f0e-9a7e-5c1d2f3a4b5c', 'status: 400', 'code: bad_range', 'from after to', 'to: must be on or after from']);
    expect(problemDetails(new Error('boom'))).toEqual(['boom']);
  });
  it('names a field in words, or not at all', () => {
    expect(fieldLabel('uscc', tr('zh-CN'))).toBe('统一社会信用代码');
    expect(fieldLabel('to', tr('en'))).toBe('To');
    expect(fieldLabel('instruments.0.name', tr('zh-CN'))).toBeNull();
    expect(fieldLabel('some_internal_path', tr('zh-CN'))).toBeNull();
  });
  it('has a message in both languages for every conflict code the services raise', () => {
    for (const code of ['already_assigned', 'already_enrolled', 'not_eligible', 'not_in_queue', 'request_finished', 'seat_taken', 'session_completed', 'idempotency_key_reused']) {
      expect(problemMessage(problem(409, code), tr('zh-CN'))).not.toMatch(/[a-z]{4}/);
      expect(problemMessage(problem(409, code), tr('en'))).not.toContain('service said so');
    }
  });
  it('lists field problems by path', () => {
    const err = problem(400, 'validation_failed', 'bad', { errors: [{ path: 'uscc', message: 'check character is wrong' }] });
    expect(fieldErrors(err)).toEqual({ uscc: 'check character is wrong' });
    expect(fieldErrors(new Error('x'))).toEqual({});
  });
});

describe('http helpers', () => {
  it('builds query strings without empty values', () => {
    expect(withQuery('/x', { a: 1, b: '', c: undefined, d: null, e: 'z y' })).toBe('/x?a=1&e=z+y');
    expect(withQuery('/x', {})).toBe('/x');
  });
  it('turns a token answer into a session with an absolute expiry, leaving the refresh token to its cookie', () => {
    const answer = { accessToken: 'a', refreshToken: 'r', expiresIn: 900, user: { id: 'u' } as User };
    const s = sessionFromTokens(answer, 1000);
    expect(s.expiresAt).toBe(901_000);
    expect(JSON.stringify(s)).not.toContain('"r"');
    expect(s).not.toHaveProperty('refreshToken');
  });
});

describe('matchPath', () => {
  it('matches literal and :param segments', () => {
    expect(matchPath('/work/requests/:id', '/work/requests/r%2F1')).toEqual({ id: 'r/1' });
    expect(matchPath('/portal', '/portal/')).toEqual({});
    expect(matchPath('/portal', '/portal/new')).toBeNull();
    expect(matchPath('/a/:b', '/c/d')).toBeNull();
  });
});

describe("reporting's Summary (contracts/http/reporting.yaml)", () => {
  const ratio = (count: number, of: number, rate: number | null) => ({ count, of, rate });
  const summary: Summary = {
    region: { code: '210100', name: '沈阳', nameEn: 'Shenyang', level: 'city' },
    period: { from: '2026-01-01', to: '2026-03-31' },
    enterprisesServed: 48,
    contactPointEnterprisesServed: 5,
    keyEnergyUnitsServed: 3,
    problemsSolved: 84,
    solutionsProvided: 90,
    outreachVisits: 7,
    requests: { total: 120, proactive: ratio(18, 120, 15), byCategory: {}, byStatus: {} },
    responseWithin24h: ratio(110, 112, 98.2),
    responseOnTarget: ratio(3, 7, 42.9),
    responseOnTargetBy: { priority: { normal: ratio(2, 3, 66.7), urgent: ratio(0, 0, null) }, category: {} },
    resolutionOnTime: ratio(80, 90, 88.9),
    satisfaction: ratio(0, 0, null),
    noAnswer: 2,
    byLiaison: [
      { liaisonId: null, response: ratio(0, 1, 0), satisfaction: ratio(0, 0, null), noAnswer: 0 },
      { liaisonId: 'L1', response: ratio(2, 3, 66.7), satisfaction: ratio(1, 1, 100), noAnswer: 2 },
    ],
    responseTime: { p50Minutes: 60, p90Minutes: 600, samples: 110 },
    breaches: { total: 12, response: 2, resolution: 10 },
    escalations: { total: 3, city: 2, province: 1 },
    training: { sessions: 4, peopleTrained: 246, passed: 240 },
    qualificationFiles: { files: 300, persons: 238, units: 17 },
  };

  it('reads every figure the dashboard shows', () => {
    expect(normalizeFigures(summary)).toEqual({
      enterprisesServed: 48,
      problemsSolved: 84,
      solutions: 90,
      requests: 120,
      proactive: 18,
      proactiveShare: 15,
      responseRate: 98.2,
      responseOnTargetRate: 42.9,
      resolutionRate: 88.9,
      satisfactionRate: null,
      noAnswer: 2,
      breaches: 12,
      escalations: 3,
      peopleTrained: 246,
      qualificationFiles: 300,
    });
  });

  it('reads the rates by priority and the liaison rows', () => {
    expect(normalizeBreakdown(summary)).toEqual({
      byPriority: { normal: { rate: 66.7, of: 3 }, urgent: { rate: null, of: 0 } },
      byLiaison: [
        { liaisonId: null, response: { rate: 0, of: 1 }, satisfaction: { rate: null, of: 0 }, noAnswer: 0 },
        { liaisonId: 'L1', response: { rate: 66.7, of: 3 }, satisfaction: { rate: 100, of: 1 }, noAnswer: 2 },
      ],
    });
    expect(normalizeBreakdown({ ...summary, responseOnTargetBy: { priority: {}, category: {} }, byLiaison: [] })).toEqual({ byPriority: {}, byLiaison: [] });
  });
});
