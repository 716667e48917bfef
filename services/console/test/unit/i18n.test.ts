import { describe, expect, it } from 'vitest';
import { MESSAGES, translate, LANGS } from '../../src/i18n';
import { NAV } from '../../src/nav';
import { CATEGORIES, PRIORITIES, STATES, SOLUTION_KINDS } from '../../src/api/requests';
import { ROLES } from '../../src/api/identity';
import { OUTREACH_KINDS, INSTRUMENT_CLASSES, INSTRUMENT_USES, INSTRUMENT_STATUSES } from '../../src/api/accounts';
import { CITY_CODES } from '../../src/components/city';
import { INELIGIBLE } from '../../src/api/assignment';
import { PROGRAMMES, VENUE_KINDS, FIGURES } from '../../src/api/programmes';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const zh = MESSAGES['zh-CN'];
  const en = MESSAGES.en;

  it('have exactly the same keys in zh-CN and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('have no empty text, and the same placeholders in both languages', () => {
    for (const lang of LANGS) for (const [k, v] of Object.entries(MESSAGES[lang])) expect({ k, empty: v.trim() === '' }).toEqual({ k, empty: false });
    for (const k of Object.keys(zh) as (keyof typeof zh)[]) expect({ k, p: placeholders(en[k]) }).toEqual({ k, p: placeholders(zh[k]) });
  });

  it('name every enum value the screens show (roles, states, categories, cities, …)', () => {
    const needed = [
      ...ROLES.map((r) => `role.${r}`),
      ...STATES.map((s) => `state.${s}`),
      ...CATEGORIES.map((c) => `category.${c}`),
      ...PRIORITIES.map((p) => `priority.${p}`),
      ...SOLUTION_KINDS.map((s) => `solution.${s}`),
      ...OUTREACH_KINDS.map((k) => `outreach.kind.${k}`),
      ...INSTRUMENT_CLASSES.map((c) => `inst.class.${c}`),
      ...INSTRUMENT_USES.map((u) => `inst.use.${u}`),
      ...INSTRUMENT_STATUSES.map((s) => `inst.status.${s}`),
      ...['overdue', 'soon', 'ok'].map((s) => `inst.due.${s}`),
      ...CITY_CODES.map((c) => `city.${c}`),
      ...INELIGIBLE.map((w) => `assign.why.${w}`),
      ...PROGRAMMES.map((p) => `programme.${p}`),
      ...VENUE_KINDS.map((v) => `venue.${v}`),
      ...FIGURES.map((f) => `programmes.figure.${f}`),
      ...NAV.map((n) => n.label),
      ...['none', 'on_track', 'warning', 'breached', 'met', 'paused'].map((s) => `sla.${s}`),
    ];
    const missing = needed.filter((k) => !(k in zh));
    expect(missing).toEqual([]);
  });

  it('actually translate: English differs from Chinese for user-facing labels', () => {
    expect(translate('en', 'login.submit')).toBe('Sign in');
    expect(translate('zh-CN', 'login.submit')).toBe('登录');
    const same = Object.keys(zh).filter((k) => zh[k as keyof typeof zh] === en[k as keyof typeof en] && !/^[—\d]/.test(zh[k as keyof typeof zh]));
    expect(same).toEqual([]);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'sla.remaining', { time: '2 h' })).toBe('2 h left');
    expect(translate('zh-CN', 'import.summary', { rows: 3, created: 1, updated: 1, unchanged: 0, failed: 1 })).toBe('共 3 行：新增 1，更新 1，未变 0，失败 1');
    expect(translate('en', 'sla.overdue')).toBe('{time} overdue');
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });
});
