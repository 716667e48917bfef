import type { HTMLAttributes, Key, ReactNode } from 'react';
import { Async } from './ui';

/** One column: its heading and what a row shows under it; `className` and `testId` go on each of its cells. */
export interface Column<R> {
  head: string;
  cell: (row: R) => ReactNode;
  className?: string;
  testId?: string;
}

type RowProps = HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string | boolean | undefined };

/**
 * The console's tables: a heading row, then a row per item whose every cell carries its
 * column's heading as `data-label`, which the stylesheet shows above the value once a table
 * folds into cards at phone width. A `false` column is left out (one that only some readers
 * see); `total` adds a footer row headed by its own words, cells as the columns after the first.
 */
export function DataTable<R>({ rows, columns, rowKey, testId, className = 'table', rowProps, total }: {
  rows: readonly R[];
  columns: readonly (Column<R> | false)[];
  rowKey: (row: R) => Key;
  testId?: string;
  className?: string;
  rowProps?: (row: R) => RowProps;
  total?: { head: string; row: R } | null;
}) {
  const shown = columns.filter((c): c is Column<R> => c !== false);
  return (
    <table className={className} data-testid={testId}>
      <thead>
        <tr>
          {shown.map((c) => (
            <th key={c.head}>{c.head}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)} {...rowProps?.(r)}>
            {shown.map((c) => (
              <td key={c.head} data-label={c.head} className={c.className} data-testid={c.testId}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      {total && (
        <tfoot>
          <tr className="total">
            <th scope="row">{total.head}</th>
            {shown.slice(1).map((c) => (
              <td key={c.head} data-label={c.head}>
                {c.cell(total.row)}
              </td>
            ))}
          </tr>
        </tfoot>
      )}
    </table>
  );
}

/** What the server answered with a list: `{ items }`, each with its id. */
type ItemsState<R> = { data: { items: R[] } | undefined; error: unknown; loading: boolean };

/** A list the server answered with as a table, or what Async shows while there is none. */
export function ItemsTable<R extends { id: string }>({ state, testId, columns }: { state: ItemsState<R>; testId: string; columns: readonly (Column<R> | false)[] }) {
  return (
    <Async state={state} empty={(d) => d.items.length === 0}>
      {(d) => <DataTable testId={testId} rows={d.items} rowKey={(r) => r.id} columns={columns} />}
    </Async>
  );
}

/** A list the server answered with as the console's list, `item` the words of each; or what Async shows while there is none. */
export function ItemsList<R extends { id: string }>({ state, testId, item }: { state: ItemsState<R>; testId?: string; item: (row: R) => ReactNode }) {
  return (
    <Async state={state} empty={(d) => d.items.length === 0}>
      {(d) => (
        <ul className="list" data-testid={testId}>
          {d.items.map((r) => (
            <li key={r.id}>{item(r)}</li>
          ))}
        </ul>
      )}
    </Async>
  );
}
