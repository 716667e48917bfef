import { ACTIONS } from '../../src/domain/lifecycle';
import { whyNot } from '../../src/domain/permissions';
import { KeyedLock } from '../../src/persistence/write-lock';

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

describe('KeyedLock', () => {
  it('runs work on one key one at a time, in order, and other keys alongside', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const step = (name: string, ms: number) => async () => {
      log.push(`${name}+`);
      await new Promise((res) => setTimeout(res, ms));
      log.push(`${name}-`);
      return name;
    };
    const failing = lock.run('a', async () => {
      throw new Error('boom');
    });
    const results = await Promise.all([lock.run('a', step('a1', 20)), lock.run('a', step('a2', 1)), lock.run('b', step('b1', 5)), failing.catch((e: Error) => e.message)]);
    expect(results).toEqual(['a1', 'a2', 'b1', 'boom']);
    expect(log.indexOf('a1-')).toBeLessThan(log.indexOf('a2+'));
    expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
  });
});
