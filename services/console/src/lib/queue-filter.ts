import type { RequestFilter } from '../api/requests';

export const OPEN = 'filed,assigned,responded,in_progress,waiting_enterprise';
export const DUE_HOURS = [4, 24, 72];
export type View = 'all' | 'mine' | 'breached' | 'warning';

/** What the form holds; the list and the export read the same filter, so an export is what the screen shows. */
export interface QueueForm {
  q: string;
  state: string;
  category: string;
  priority: string;
  due: string;
  cityCode: string;
}
export const NO_FILTER: QueueForm = { q: '', state: 'open', category: '', priority: '', due: '', cityCode: '' };

/** How many of the form's fields narrow the queue beyond the default (the open requests). */
export function activeFilters(f: QueueForm): number {
  return (Object.keys(NO_FILTER) as (keyof QueueForm)[]).filter((k) => f[k].trim() !== NO_FILTER[k]).length;
}

export function filterOf(f: QueueForm, view: View, userId: string): RequestFilter {
  return {
    sort: 'deadline',
    state: f.state === 'open' ? OPEN : f.state || undefined,
    q: f.q.trim() || undefined,
    category: f.category || undefined,
    priority: f.priority || undefined,
    dueWithinHours: f.due ? Number(f.due) : undefined,
    cityCode: f.cityCode || undefined,
    assigneeId: view === 'mine' ? userId : undefined,
    slaState: view === 'breached' || view === 'warning' ? view : undefined,
  };
}
