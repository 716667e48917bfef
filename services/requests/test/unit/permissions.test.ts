import { ACTIONS } from '../../src/domain/lifecycle';
import { whyNot } from '../../src/domain/permissions';

describe('who may act', () => {
  const r = { assigneeId: 'alice' };
  const allowed = (userId: string, role: Parameters<typeof whyNot>[0]['role']) => ACTIONS.filter((a) => whyNot({ userId, role }, a, r) === null);

  it('gives the assignee the work but never the return visit on their own request, nor withdrawal', () => {
    expect(allowed('alice', 'liaison')).toEqual(['respond', 'start', 'ask', 'answer', 'resolve', 'escalate', 'request_extension']);
    expect(whyNot({ userId: 'alice', role: 'liaison' }, 'return_visit_satisfied', r)).toMatch(/assignee cannot record the return visit on their own request/);
    expect(whyNot({ userId: 'bob', role: 'liaison' }, 'resolve', r)).toBe('Only the assignee (alice) or a manager may resolve.');
  });

  it('lets another liaison record a phone return visit but not withdraw', () => {
    expect(allowed('bob', 'liaison')).toEqual(['answer', 'return_visit_satisfied', 'return_visit_unsatisfied', 'escalate']);
    expect(whyNot({ userId: 'bob', role: 'liaison' }, 'withdraw', r)).toMatch(/Only the enterprise, or a manager/);
  });

  it('gives managers the work and withdrawal, the enterprise its own word and reopening; transfers belong to assignment', () => {
    expect(allowed('mgr', 'city_manager')).toEqual(ACTIONS.filter((a) => !['transfer', 'reopen', 'close_no_answer'].includes(a)));
    expect(allowed('ent-user', 'enterprise')).toEqual(['answer', 'return_visit_satisfied', 'return_visit_unsatisfied', 'withdraw', 'reopen']);
    expect(whyNot({ userId: 'mgr', role: 'city_manager' }, 'transfer', r)).toMatch(/assignment service/);
    expect(allowed('assignment', 'service')).toContain('transfer');
  });
});
