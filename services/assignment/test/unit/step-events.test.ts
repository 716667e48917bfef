import { emptyCase, type Step } from '../../src/domain/case';
import { eventsOf } from '../../src/use-cases/step-events';

const at = new Date('2026-06-01T08:00:00Z');

function transfer(toAssigneeId: string | null): Step {
  const state = { ...emptyCase('req-1', '210200'), status: toAssigneeId ? ('assigned' as const) : ('queued' as const), assigneeId: toAssigneeId, assignmentId: 'as-1' };
  return {
    requestId: 'req-1', seq: 2, kind: 'transferred', at, by: 'li-1', how: 'manual', reason: 'the plant moved',
    fromAssigneeId: 'li-1', toAssigneeId, fromCityCode: '210100', toCityCode: '210200', level: null,
    notifiedUserIds: [], escalation: null, unroutableReason: toAssigneeId ? null : 'no eligible liaison', state,
  };
}

const dataOf = (step: Step, assigneeName?: string) => (eventsOf(step, { assigneeName })[0]!.event as { data: Record<string, unknown> }).data;

describe('every assignment event names its request', () => {
  it('carries the number and title the filing gave, so a reader that has not seen the filing can say which request it is', () => {
    const step = transfer('li-2');
    const named = { ...step, state: { ...step.state, number: '210100-2026-000042', title: '压力表检定' } };
    expect(dataOf(named, '王芳')).toMatchObject({ requestId: 'req-1', number: '210100-2026-000042', title: '压力表检定' });
    expect(dataOf(transfer('li-2'))).toMatchObject({ number: null, title: null });
  });
});

describe('the transferred event names the new assignee', () => {
  it('carries the liaison the transfer gave the work to, by name', () => {
    expect(dataOf(transfer('li-2'), '王芳')).toMatchObject({ toAssigneeId: 'li-2', toAssigneeName: '王芳', fromAssigneeId: 'li-1', toCityCode: '210200' });
  });

  it('names nobody when the transfer went to a city queue, or the roster had no name', () => {
    expect(dataOf(transfer(null), '王芳')).toMatchObject({ toAssigneeId: null, toAssigneeName: null });
    expect(dataOf(transfer('li-2'))).toMatchObject({ toAssigneeId: 'li-2', toAssigneeName: null });
  });
});
