import { decide } from '../../src/domain/decide';
import { aRequest } from '../fixtures/requests';

const service = { userId: 'assignment', role: 'service' as const };
const at = new Date('2026-03-02T08:00:00Z');

describe('the assignee by name', () => {
  it('takes the name the assignment names, and forgets it when someone unnamed takes over', () => {
    const assigned = decide(aRequest(), { action: 'assign', assigneeId: 'liu', assigneeName: '刘洋' }, service, at).next;
    expect(assigned).toMatchObject({ assigneeId: 'liu', assigneeName: '刘洋' });
    const moved = decide(assigned, { action: 'transfer', toAssigneeId: 'wang', toAssigneeName: '王芳', reason: 'leave' }, service, at).next;
    expect(moved).toMatchObject({ assigneeId: 'wang', assigneeName: '王芳' });
    const unnamed = decide(moved, { action: 'transfer', toAssigneeId: 'zhao', reason: 'leave' }, service, at).next;
    expect(unnamed).toMatchObject({ assigneeId: 'zhao', assigneeName: null });
  });

  it('keeps the name when a transfer only changes the city', () => {
    const assigned = decide(aRequest(), { action: 'assign', assigneeId: 'liu', assigneeName: '刘洋' }, service, at).next;
    expect(decide(assigned, { action: 'transfer', toCityCode: '210200', reason: 'site in Dalian' }, service, at).next).toMatchObject({ assigneeId: 'liu', assigneeName: '刘洋', cityCode: '210200' });
  });
});
