import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable } from '../../src/components/table';
import { CodeOptions } from '../../src/components/ui';

interface Row {
  city: string;
  rate: number;
}
const columns = [
  { head: '城市', cell: (r: Row) => r.city },
  { head: '响应率', cell: (r: Row) => `${r.rate}%` },
];

describe('the console table', () => {
  it('labels every cell with its column heading, which the phone layout shows', () => {
    const html = renderToStaticMarkup(h(DataTable<Row>, { testId: 'rates', rows: [{ city: '沈阳市', rate: 98.5 }], rowKey: (r) => r.city, columns }));
    expect(html).toBe('<table class="table" data-testid="rates"><thead><tr><th>城市</th><th>响应率</th></tr></thead><tbody><tr><td data-label="城市">沈阳市</td><td data-label="响应率">98.5%</td></tr></tbody></table>');
  });

  it('leaves out a column only some readers see, and heads a total row with its own words', () => {
    const html = renderToStaticMarkup(
      h(DataTable<Row>, {
        rows: [{ city: '大连市', rate: 90 }],
        rowKey: (r) => r.city,
        rowProps: (r) => (r.rate < 95 ? { className: 'row-alert', 'data-low': true } : {}),
        columns: [false, ...columns],
        total: { head: '全省', row: { city: '', rate: 96 } },
      }),
    );
    expect(html).toContain('<thead><tr><th>城市</th><th>响应率</th></tr></thead>');
    expect(html).toContain('<tr class="row-alert" data-low="true"><td data-label="城市">大连市</td>');
    expect(html).toContain('<tfoot><tr class="total"><th scope="row">全省</th><td data-label="响应率">96%</td></tr></tfoot>');
    expect(html).not.toContain('data-testid');
  });
});

describe('a select of codes', () => {
  it('shows each code in words and keeps the code as the value', () => {
    expect(renderToStaticMarkup(h(CodeOptions, { codes: ['normal', 'urgent'], prefix: 'priority' }))).toBe('<option value="normal">普通</option><option value="urgent">紧急</option>');
  });
});
