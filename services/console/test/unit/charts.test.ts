import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { GroupedBars, Lines } from '../../src/components/charts';

describe('SVG charts', () => {
  it('draws one bar per city and rate, scaled to 100%, with a dash for a rate not yet known', () => {
    const html = renderToStaticMarkup(
      createElement(GroupedBars, {
        title: 'rates',
        labels: ['沈阳', '大连'],
        series: [
          { name: 'response', values: [100, 50] },
          { name: 'satisfaction', values: [null, 25] },
        ],
      }),
    );
    const widths = [...html.matchAll(/<rect[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(4);
    const [full, none, half, quarter] = widths as [number, number, number, number];
    expect(none).toBe(0);
    expect(half / full).toBeCloseTo(0.5);
    expect(quarter / full).toBeCloseTo(0.25);
    expect(html).toContain('100.0%');
    expect(html).toContain('—');
    expect(html).toContain('沈阳');
  });

  it('draws a line per series with a point per known value', () => {
    const html = renderToStaticMarkup(
      createElement(Lines, { title: 'trend', labels: ['2026-01', '2026-02', '2026-03'], series: [{ name: 'served', values: [3, null, 9] }, { name: 'solved', values: [1, 2, 4] }] }),
    );
    expect((html.match(/<polyline/g) ?? []).length).toBe(2);
    expect((html.match(/<circle/g) ?? []).length).toBe(5);
    expect(html).toContain('2026-02');
  });
});
