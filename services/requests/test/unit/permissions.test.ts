import { ACTIONS } from '../../src/domain/lifecycle';
import { whyNot } from '../../src/domain/permissions';

describe('who may act', () => {
  const r = { assigneeId: 'alice' };
  it('gives the assignee the work, managers everything, the enterprise its own word', () => {
    const allowed = (userId: string, role: Parameters<typeof whyNot>[0]['role']) => ACTIONS.filter((a) => whyNot({ userId, role }, a, r) === null);
    expect(allowed('alice', 'liaison')).toEqual(['respond', 'start', 'ask', 'answer', 'resolve', 'return_visit_satisfied', 'return_visit_unsatisfied', 'transfer', 'escalate', 'request_extension', 'withdraw']);
    expect(allowed('bob', 'liaison')).toEqual(['answer', 'return_visit_satisfied', 'return_visit_unsatisfied', 'transfer', 'escalate', 'withdraw']);
    expect(allowed('mgr', 'city_manager')).toEqual([...ACTIONS]);
    expect(allowed('ent-user', 'enterprise')).toEqual(['answer', 'return_visit_satisfied', 'return_visit_unsatisfied', 'withdraw']);
    expect(whyNot({ userId: 'bob', role: 'liaison' }, 'resolve', r)).toBe('Only the assignee (alice) or a manager may resolve.');
  });
});
