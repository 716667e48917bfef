import { describe, expect, it } from 'vitest';
import { badgeFor, byUrgency } from '../../src/lib/urgency';
import { canReopen, type Request, type Sla } from '../../src/api/requests';

const NOW = Date.parse('2026-03-02T08:00:00Z');
const at = (h: number) => new Date(NOW + h * 3600_000).toISOString();

function req(id: string, sla: Partial<Sla> | null, extra: Partial<Request> = {}): Request {
  return {
    id,
    state: 'assigned',
    respondedAt: null,
    filedAt: at(-10),
    sla: sla === null ? null : { cycle: 1, response: null, resolution: null, state: 'on_track', nextDeadline: null, ...sla },
    ...extra,
  } as Request;
}

const clock = (deadlineH: number, o: Partial<NonNullable<Sla['response']>> = {}) => ({ status: 'running' as const, deadline: at(deadlineH), warning: null, breached: false, at: at(-1), ...o });

describe('badgeFor', () => {
  it('reads the SLA state, and calls a passed deadline a breach before the service does', () => {
    expect(badgeFor(req('a', { response: clock(5) }), NOW)).toBe('on_track');
    expect(badgeFor(req('a', { response: clock(5), state: 'warning' }), NOW)).toBe('warning');
    expect(badgeFor(req('a', { response: clock(-1) }), NOW)).toBe('breached');
    expect(badgeFor(req('a', { response: clock(5, { breached: true }), state: 'on_track' }), NOW)).toBe('breached');
    expect(badgeFor(req('a', null), NOW)).toBe('none');
  });
  it('shows paused while waiting for the enterprise', () => {
    expect(badgeFor(req('a', { resolution: clock(5, { status: 'paused' }) }, { state: 'waiting_enterprise', respondedAt: at(-2) }), NOW)).toBe('paused');
  });
  it('uses the resolution clock once responded', () => {
    const r = req('a', { response: clock(-5, { status: 'met' }), resolution: clock(30) }, { state: 'in_progress', respondedAt: at(-6) });
    expect(badgeFor(r, NOW)).toBe('on_track');
  });
});

describe('byUrgency', () => {
  it('puts breaches first, then warnings, then the nearest deadline, paused and unknown last', () => {
    const list = [
      req('later', { response: clock(20) }),
      req('none', null),
      req('paused', { resolution: clock(1, { status: 'paused' }) }, { state: 'waiting_enterprise', respondedAt: at(-1) }),
      req('soon', { response: clock(2) }),
      req('warn', { response: clock(10), state: 'warning' }),
      req('breach', { response: clock(-3) }),
    ];
    expect(list.sort(byUrgency(NOW)).map((r) => r.id)).toEqual(['breach', 'warn', 'soon', 'later', 'paused', 'none']);
  });
  it('keeps filing order between equals', () => {
    const a = req('old', { response: clock(4) }, { filedAt: at(-20) });
    const b = req('new', { response: clock(4) }, { filedAt: at(-2) });
    expect([b, a].sort(byUrgency(NOW)).map((r) => r.id)).toEqual(['old', 'new']);
  });
});


describe('reopening by complaint', () => {
  const closedAt = '2026-03-01T08:00:00.000Z';
  const day = 86400_000;
  it('is offered on a closed request for 30 days after closing, and not after', () => {
    expect(canReopen({ state: 'closed', closedAt, updatedAt: closedAt }, Date.parse(closedAt) + 30 * day)).toBe(true);
    expect(canReopen({ state: 'closed', closedAt, updatedAt: closedAt }, Date.parse(closedAt) + 30 * day + 1)).toBe(false);
    expect(canReopen({ state: 'withdrawn', closedAt: null, updatedAt: closedAt }, Date.parse(closedAt))).toBe(false);
  });
});
