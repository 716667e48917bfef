import fc from 'fast-check';
import { REQUEST_STATES } from '@metrodesk/contracts';
import { ACTIONS, TRANSITIONS, isTerminal, type Action, type RequestState } from '../../src/domain/lifecycle';
import { decide, type Command } from '../../src/domain/decide';
import { aRequest } from '../fixtures/requests';

// Written out by hand, apart from TRANSITIONS, so a change to the table must be made twice.
// Columns follow ACTIONS; '-' means illegal.
const EXPECTED = `
state               assign              respond    start       ask                 answer      resolve   rv_sat  rv_unsat  transfer            escalate            req_ext             approve             reject              withdraw   reopen    no_answer
filed               assigned            -          -           -                   -           -         -       -         filed               filed               -                   -                   -                   withdrawn  -         -
assigned            assigned            responded  -           -                   -           -         -       -         assigned            assigned            -                   -                   -                   withdrawn  -         -
responded           responded           -          in_progress waiting_enterprise  -           resolved  -       -         responded           responded           responded           responded           responded           withdrawn  -         -
in_progress         in_progress         -          -           waiting_enterprise  -           resolved  -       -         in_progress         in_progress         in_progress         in_progress         in_progress         withdrawn  -         -
waiting_enterprise  waiting_enterprise  -          -           -                   in_progress -         -       -         waiting_enterprise  waiting_enterprise  waiting_enterprise  waiting_enterprise  waiting_enterprise  withdrawn  -         -
resolved            -                   -          -           -                   -           -         closed  assigned  -                   -                   -                   -                   -                   -          -         closed
closed              -                   -          -           -                   -           -         -       -         -                   -                   -                   -                   -                   -          assigned  -
withdrawn           -                   -          -           -                   -           -         -       -         -                   -                   -                   -                   -                   -          -         -
`;

const rows = EXPECTED.trim().split('\n').slice(1).map((line) => line.trim().split(/\s+/));
const expected = new Map<string, RequestState | null>();
for (const [state, ...targets] of rows) ACTIONS.forEach((a, i) => expected.set(`${state}|${a}`, targets[i] === '-' ? null : (targets[i] as RequestState)));

/** A valid command for each action, so only the state decides legality. */
function commandFor(action: Action): Command {
  switch (action) {
    case 'assign':
      return { action, assigneeId: 'liaison-2' };
    case 'respond':
    case 'start':
      return { action };
    case 'ask':
      return { action, question: 'Which gas alarms?' };
    case 'answer':
      return { action, answer: 'Model GT-1' };
    case 'resolve':
      return { action, text: 'Verified on site', solved: true, kind: 'on_site_verification' };
    case 'return_visit_satisfied':
      return { action, satisfaction: 5, contactName: '王经理' };
    case 'return_visit_unsatisfied':
      return { action, satisfaction: 2, comment: 'still failing', contactName: '王经理' };
    case 'transfer':
      return { action, toCityCode: '210200', reason: 'site is in Dalian' };
    case 'escalate':
      return { action, level: 'province', reason: 'needs the institute' };
    case 'request_extension':
      return { action, extensionId: 'ext-new', workingDays: 3, reason: 'parts on order' };
    case 'approve_extension':
    case 'reject_extension':
      return { action, extensionId: 'ext-1' };
    case 'withdraw':
      return { action, reason: 'solved ourselves' };
    case 'reopen':
      return { action, reason: 'the alarms drift again' };
    case 'close_no_answer':
      return { action };
  }
}

const at = new Date('2026-03-02T08:00:00Z');
const actor = { userId: 'liaison-1', role: 'liaison' as const };

function inState(state: RequestState, action: Action) {
  const needsPending = action === 'approve_extension' || action === 'reject_extension';
  return aRequest({
    state,
    assigneeId: state === 'filed' ? null : 'liaison-1',
    extensions: needsPending ? [{ id: 'ext-1', workingDays: 2, reason: 'r', requestedBy: 'liaison-1', requestedAt: at, status: 'pending', decidedBy: null, decidedAt: null, note: null }] : [],
  });
}

describe('lifecycle transition table', () => {
  it('the hand-written matrix and the table agree on every pair', () => {
    expect(rows.map((r) => r[0])).toEqual([...REQUEST_STATES]);
    for (const state of REQUEST_STATES) for (const action of ACTIONS) expect([state, action, TRANSITIONS[state][action] ?? null]).toEqual([state, action, expected.get(`${state}|${action}`)]);
  });

  const pairs = REQUEST_STATES.flatMap((state) => ACTIONS.map((action) => [state, action] as const));
  it.each(pairs)('%s x %s', (state, action) => {
    const want = expected.get(`${state}|${action}`)!;
    const run = () => decide(inState(state, action), commandFor(action), actor, at);
    if (want === null) {
      let error: unknown;
      try {
        run();
      } catch (err) {
        error = err;
      }
      expect(error).toMatchObject({ status: 409, code: 'illegal_transition', extra: { state, action } });
      expect((error as Error).message).toContain(state.replace(/_/g, ' '));
      expect((error as Error).message).toContain(action.replace(/_/g, ' '));
    } else {
      const d = run();
      expect(d.next.state).toBe(want);
      expect(d.history).toMatchObject({ action, from: state, to: want, by: 'liaison-1', at });
      expect(d.next.history.at(-1)).toBe(d.history);
      expect(d.signals.some((s) => s.kind === 'status-changed')).toBe(want !== state || action === 'transfer' || action === 'assign');
    }
  });

  it('makes closed and withdrawn terminal (closed only reopens by complaint) and nothing else', () => {
    expect(REQUEST_STATES.filter(isTerminal)).toEqual(['closed', 'withdrawn']);
  });
});

describe('lifecycle rules beyond the table', () => {
  it('an unsatisfied return visit starts a new cycle with the same assignee owing a new response', () => {
    const r = aRequest({ state: 'resolved', assigneeId: 'liaison-1', cycle: 1, respondedAt: at, solution: { text: 'x', solved: false, kind: 'other', by: 'liaison-1', at } });
    const d = decide(r, { action: 'return_visit_unsatisfied', satisfaction: 1, comment: 'no' }, { userId: 'ent-user', role: 'enterprise' }, at);
    expect(d.next).toMatchObject({ state: 'assigned', cycle: 2, respondedAt: null, solution: null, assigneeId: 'liaison-1' });
    expect(d.next.returnVisits).toEqual([expect.objectContaining({ cycle: 1, satisfaction: 1, satisfied: false, byRole: 'enterprise' })]);
    expect(d.signals.map((s) => s.kind)).toEqual(['status-changed', 'reopened']);
  });

  it('a staff return visit must name the contact spoken to; the enterprise need not', () => {
    const r = aRequest({ state: 'resolved', assigneeId: 'liaison-1' });
    const staff = { userId: 'liaison-2', role: 'liaison' as const };
    expect(() => decide(r, { action: 'return_visit_satisfied', satisfaction: 5 }, staff, at)).toThrow(expect.objectContaining({ status: 400, extra: { errors: [expect.objectContaining({ path: 'contactName' })] } }));
    expect(decide(r, { action: 'return_visit_satisfied', satisfaction: 5, contactName: '王经理' }, staff, at).next.returnVisits[0]).toMatchObject({ contactName: '王经理', byRole: 'liaison' });
    const own = decide(r, { action: 'return_visit_satisfied', satisfaction: 5 }, { userId: 'ent-user', role: 'enterprise' }, at);
    expect(own.next).toMatchObject({ state: 'closed', outcome: 'satisfied', closedAt: at });
    expect(own.signals).toContainEqual({ kind: 'closed', satisfaction: 5, satisfied: true, outcome: 'satisfied' });
  });

  it('reopens a closed request within 30 days of closing as a new cycle, and refuses later with the dates in words', () => {
    const closedAt = new Date('2026-03-01T08:00:00Z');
    const r = aRequest({ state: 'closed', assigneeId: 'liaison-1', cycle: 1, closedAt, outcome: 'satisfied', respondedAt: closedAt });
    const ent = { userId: 'ent-user', role: 'enterprise' as const };
    const d = decide(r, { action: 'reopen', reason: 'drifts again' }, ent, new Date('2026-03-31T08:00:00Z'));
    expect(d.next).toMatchObject({ state: 'assigned', cycle: 2, assigneeId: 'liaison-1', respondedAt: null, outcome: null, closedAt: null });
    expect(d.signals).toContainEqual({ kind: 'reopened', satisfaction: null, reason: 'complaint', comment: 'drifts again' });
    expect(() => decide(r, { action: 'reopen', reason: 'late' }, ent, new Date('2026-03-31T08:00:01Z'))).toThrow(expect.objectContaining({ status: 409, code: 'reopen_window_passed', message: expect.stringMatching(/closed on 2026-03-01.*within 30 days.*until 2026-03-31/) }));
  });

  it('closes an unanswered resolved request as no answer, with no satisfaction', () => {
    const d = decide(aRequest({ state: 'resolved', assigneeId: 'liaison-1' }), { action: 'close_no_answer' }, { userId: 'sla', role: 'service' }, at);
    expect(d.next).toMatchObject({ state: 'closed', outcome: 'no_answer', closedAt: at });
    expect(d.signals).toContainEqual({ kind: 'closed', satisfaction: null, satisfied: null, outcome: 'no_answer' });
  });

  it('a manager withdrawing must give the reason', () => {
    const r = aRequest({ state: 'assigned', assigneeId: 'liaison-1' });
    expect(() => decide(r, { action: 'withdraw' }, { userId: 'mgr', role: 'city_manager' }, at)).toThrow(expect.objectContaining({ status: 400 }));
    expect(decide(r, { action: 'withdraw' }, { userId: 'ent-user', role: 'enterprise' }, at).next.state).toBe('withdrawn');
  });

  it('records the response time and the solution', () => {
    const responded = decide(aRequest({ state: 'assigned', assigneeId: 'liaison-1' }), { action: 'respond' }, actor, at);
    expect(responded.next.respondedAt).toEqual(at);
    expect(responded.signals.map((s) => s.kind)).toEqual(['status-changed', 'responded']);
    const resolved = decide(responded.next, { action: 'resolve', text: 'done', solved: true, kind: 'lab_calibration' }, actor, at);
    expect(resolved.next.solution).toEqual({ text: 'done', solved: true, kind: 'lab_calibration', by: 'liaison-1', at });
  });

  it('allows one pending extension at a time and decides only the pending one', () => {
    const r = aRequest({ state: 'in_progress', assigneeId: 'liaison-1' });
    const asked = decide(r, { action: 'request_extension', extensionId: 'e1', workingDays: 5, reason: 'parts' }, actor, at);
    expect(() => decide(asked.next, { action: 'request_extension', extensionId: 'e2', workingDays: 1, reason: 'again' }, actor, at)).toThrow(/e1 is still waiting/);
    expect(() => decide(asked.next, { action: 'approve_extension', extensionId: 'zzz' }, actor, at)).toThrow(/No pending extension zzz/);
    const approved = decide(asked.next, { action: 'approve_extension', extensionId: 'e1' }, { userId: 'mgr', role: 'city_manager' }, at);
    expect(approved.next.extensions).toEqual([expect.objectContaining({ id: 'e1', status: 'approved', decidedBy: 'mgr' })]);
    expect(() => decide(approved.next, { action: 'reject_extension', extensionId: 'e1' }, actor, at)).toThrow(/No pending extension/);
  });

  it('escalates city then province, never down or twice to the same level', () => {
    const r = aRequest({ state: 'in_progress', assigneeId: 'liaison-1' });
    const city = decide(r, { action: 'escalate', level: 'city', reason: 'slow' }, actor, at);
    expect(() => decide(city.next, { action: 'escalate', level: 'city', reason: 'again' }, actor, at)).toThrow(/already escalated to the city/);
    const province = decide(city.next, { action: 'escalate', level: 'province', reason: 'slower' }, actor, at);
    expect(province.next.escalation).toMatchObject({ level: 'province' });
    expect(() => decide(province.next, { action: 'escalate', level: 'city', reason: 'x' }, actor, at)).toThrow(/already escalated to the province/);
  });

  it('transfers to another liaison or city, not to nobody or to the same liaison', () => {
    const r = aRequest({ state: 'in_progress', assigneeId: 'liaison-1', cityCode: '210100' });
    expect(decide(r, { action: 'transfer', toAssigneeId: 'liaison-9', reason: 'leave' }, actor, at).next).toMatchObject({ assigneeId: 'liaison-9', cityCode: '210100', state: 'in_progress' });
    expect(decide(r, { action: 'transfer', toCityCode: '210200', reason: 'moved' }, actor, at).next).toMatchObject({ assigneeId: 'liaison-1', cityCode: '210200' });
    expect(() => decide(r, { action: 'transfer', reason: 'x' }, actor, at)).toThrow(/needs another liaison or another city/);
    expect(() => decide(r, { action: 'transfer', toCityCode: '210100', reason: 'x' }, actor, at)).toThrow(/needs another liaison or another city/);
    expect(() => decide(r, { action: 'transfer', toAssigneeId: 'liaison-1', reason: 'x' }, actor, at)).toThrow(/already assigned to liaison-1/);
    expect(() => decide(aRequest({ state: 'filed' }), { action: 'transfer', toAssigneeId: 'l', reason: 'x' }, actor, at)).toThrow(/by assign, not transfer/);
  });

  it('keeps its invariants over any sequence of commands', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ACTIONS), { maxLength: 40 }), (actions) => {
        let r = aRequest({ state: 'filed' });
        let accepted = 0;
        let redos = 0;
        for (const action of actions) {
          const c = commandFor(action);
          if (c.action === 'request_extension') c.extensionId = `ext-${accepted}`;
          if (c.action === 'approve_extension' || c.action === 'reject_extension') c.extensionId = r.extensions.find((e) => e.status === 'pending')?.id ?? 'none';
          if (c.action === 'transfer') c.toCityCode = r.cityCode === '210100' ? '210200' : '210100';
          if (c.action === 'escalate') c.level = r.escalation ? 'province' : 'city';
          try {
            const d = decide(r, c, actor, at);
            r = d.next;
            accepted += 1;
            if (action === 'return_visit_unsatisfied' || action === 'reopen') redos += 1;
          } catch (err) {
            if ((err as { code?: string }).code !== 'illegal_transition') throw err;
          }
        }
        return r.history.length === accepted && r.cycle === 1 + redos && r.extensions.filter((e) => e.status === 'pending').length <= 1 && (r.assigneeId !== null || r.history.every((h) => h.action !== 'assign'));
      }),
      { numRuns: 500 },
    );
  });
});
