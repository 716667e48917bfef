import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TimelineView } from '../../src/screens/shared-timeline';
import type { HistoryEntry } from '../../src/api/requests';

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  at: '2026-03-01T08:00:00Z', by: 'u-1', byRole: 'city_manager', byName: '李强', action: 'transfer', from: 'assigned', to: 'assigned', note: '企业搬到大连', assigneeName: null, ...over,
});
const text = (history: HistoryEntry[]) => renderToStaticMarkup(createElement(TimelineView, { history, comments: [] })).replace(/<[^>]+>/g, '');

describe('the timeline says transfers in words', () => {
  it('names the liaison a transfer went to, with the role', () => {
    const shown = text([entry({ assigneeName: '王芳' })]);
    expect(shown).toContain('转派给 王芳（联络员）');
    expect(shown).toContain('李强（市局管理员）');
  });

  it('says the transfer alone when it only moved the city', () => {
    const shown = text([entry({})]);
    expect(shown).toContain('转派');
    expect(shown).not.toContain('转派给');
  });
});
