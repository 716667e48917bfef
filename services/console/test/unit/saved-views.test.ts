import { describe, expect, it } from 'vitest';
import { NO_FILTER } from '../../src/lib/queue-filter';
import { loadViews, parseViews, storeViews, withView, withoutView, type SavedView } from '../../src/lib/saved-views';

const urgent: SavedView = { name: '我的紧急', view: 'mine', form: { ...NO_FILTER, priority: 'urgent' } };
const breached: SavedView = { name: '已超时', view: 'breached', form: NO_FILTER };

describe('saved queue views', () => {
  it('replaces a view saved again under the same name, newest first', () => {
    const views = withView(withView([], urgent), breached);
    expect(views.map((v) => v.name)).toEqual(['已超时', '我的紧急']);
    const again = withView(views, { ...urgent, name: ' 我的紧急 ', form: { ...NO_FILTER, priority: 'emergency' } });
    expect(again.map((v) => v.name)).toEqual(['我的紧急', '已超时']);
    expect(again[0]!.form.priority).toBe('emergency');
    expect(withoutView(again, '已超时').map((v) => v.name)).toEqual(['我的紧急']);
  });

  it('reads back what it stored, and drops what no longer reads as a view', () => {
    expect(parseViews(JSON.stringify([urgent]))).toEqual([urgent]);
    expect(parseViews('not json')).toEqual([]);
    expect(parseViews(JSON.stringify({ name: 'x' }))).toEqual([]);
    const odd = parseViews(JSON.stringify([{ name: '', view: 'all', form: {} }, { name: 'a', view: 'nobody', form: {} }, { name: 'b', view: 'all', form: { q: 7, priority: 'urgent' } }]));
    expect(odd).toEqual([{ name: 'b', view: 'all', form: { ...NO_FILTER, priority: 'urgent' } }]);
  });

  it('keeps each user their own views', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const g = globalThis as { localStorage?: unknown };
    const before = g.localStorage;
    g.localStorage = storage;
    try {
      storeViews('u-1', [urgent]);
      storeViews('u-2', [breached]);
      expect(loadViews('u-1')).toEqual([urgent]);
      expect(loadViews('u-2')).toEqual([breached]);
      expect(loadViews('u-3')).toEqual([]);
    } finally {
      g.localStorage = before;
    }
  });
});
