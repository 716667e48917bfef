import { describe, expect, it } from 'vitest';
import { NO_FILTER, OPEN, activeFilters, filterOf } from '../../src/lib/queue-filter';

describe('queue filter', () => {
  it('asks for the open requests by deadline, and nothing else, by default', () => {
    expect(filterOf(NO_FILTER, 'all', 'u-1')).toEqual({ sort: 'deadline', state: OPEN, q: undefined, category: undefined, priority: undefined, dueWithinHours: undefined, cityCode: undefined, assigneeId: undefined, slaState: undefined });
  });

  it('turns the form and the view into the query the list and the export share', () => {
    const f = filterOf({ q: '  210100-2026-00  ', state: '', category: 'energy_metrology', priority: 'urgent', due: '24', cityCode: '210200' }, 'mine', 'u-1');
    expect(f).toMatchObject({ q: '210100-2026-00', state: undefined, category: 'energy_metrology', priority: 'urgent', dueWithinHours: 24, cityCode: '210200', assigneeId: 'u-1', slaState: undefined });
    expect(filterOf({ ...NO_FILTER, state: 'resolved' }, 'breached', 'u-1')).toMatchObject({ state: 'resolved', slaState: 'breached', assigneeId: undefined });
  });

  it('counts the filters that narrow the queue beyond its default', () => {
    expect(activeFilters(NO_FILTER)).toBe(0);
    expect(activeFilters({ ...NO_FILTER, q: '   ' })).toBe(0);
    expect(activeFilters({ ...NO_FILTER, q: 'pressure', state: '', due: '24' })).toBe(3);
  });
});
