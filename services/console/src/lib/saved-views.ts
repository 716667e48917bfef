import { NO_FILTER, type QueueForm, type View } from './queue-filter';

/** A queue filter a person saved under a name of their own, to pick again later. */
export interface SavedView {
  name: string;
  view: View;
  form: QueueForm;
}

const VIEWS: readonly View[] = ['all', 'mine', 'breached', 'warning'];
const MAX_VIEWS = 20;

/**
 * Saved views live in this browser beside the language choice, under the user's id, so two
 * people sharing a computer never see each other's views.
 */
const keyOf = (userId: string) => `metrodesk.queue-views.${userId}`;

/** What was stored, kept only where it still reads as a view; a damaged entry is dropped, not shown. */
export function parseViews(raw: string | null | undefined): SavedView[] {
  if (!raw) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  return data.flatMap((v): SavedView[] => {
    if (!v || typeof v !== 'object') return [];
    const { name, view, form } = v as Record<string, unknown>;
    if (typeof name !== 'string' || !name.trim() || !VIEWS.includes(view as View) || !form || typeof form !== 'object') return [];
    const f = form as Record<string, unknown>;
    const clean = Object.fromEntries(Object.entries(NO_FILTER).map(([k, d]) => [k, typeof f[k] === 'string' ? f[k] : d])) as unknown as QueueForm;
    return [{ name: name.trim(), view: view as View, form: clean }];
  });
}

/** Saving under a name that exists replaces that view; the newest comes first. */
export function withView(views: readonly SavedView[], saved: SavedView): SavedView[] {
  const name = saved.name.trim();
  return [{ ...saved, name }, ...views.filter((v) => v.name !== name)].slice(0, MAX_VIEWS);
}

export const withoutView = (views: readonly SavedView[], name: string) => views.filter((v) => v.name !== name);

export function loadViews(userId: string): SavedView[] {
  return parseViews(globalThis.localStorage?.getItem(keyOf(userId)));
}

export function storeViews(userId: string, views: readonly SavedView[]): void {
  globalThis.localStorage?.setItem(keyOf(userId), JSON.stringify(views));
}
