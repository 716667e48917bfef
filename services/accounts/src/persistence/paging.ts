import type { Model } from 'mongoose';
import { cursorFor, type CursorPosition } from '../domain/cursor';
import type { Page } from '../use-cases/ports';

/** Keyset pagination over (field, _id): the condition for "after this position". */
export function afterClause(field: string, dir: 1 | -1, after: CursorPosition | undefined, toValue: (v: string | number) => unknown = (v) => v): Record<string, unknown> | null {
  if (!after) return null;
  cursorFor(after, field);
  const op = dir === 1 ? '$gt' : '$lt';
  const value = toValue(after.value);
  return { $or: [{ [field]: { [op]: value } }, { [field]: value, _id: { [op]: after.id } }] };
}

/** Reads one more than the limit to learn whether a next page exists. */
export function toPage<D extends { _id: string }, T>(docs: D[], limit: number, field: keyof D, map: (d: D) => T): Page<T> {
  const items = docs.slice(0, limit);
  const last = items[items.length - 1];
  if (docs.length <= limit || !last) return { items: items.map(map), next: null };
  const v = last[field];
  return { items: items.map(map), next: { field: String(field), value: v instanceof Date ? v.toISOString() : (v as string | number), id: last._id } };
}

/**
 * All the clauses. When no two of them set one field differently they become one plain filter:
 * the local server hands only plain top-level conditions to its storage, and filters an `$and`
 * itself after reading every document of the collection (docs/decisions/0008).
 */
export const and = (clauses: (Record<string, unknown> | null | undefined)[]): Record<string, unknown> => {
  const kept = clauses.filter((c): c is Record<string, unknown> => !!c && Object.keys(c).length > 0);
  if (kept.length <= 1) return kept[0] ?? {};
  const merged: Record<string, unknown> = {};
  for (const c of kept) {
    for (const [field, cond] of Object.entries(c)) {
      if (field in merged && JSON.stringify(merged[field]) !== JSON.stringify(cond)) return { $and: kept };
      merged[field] = cond;
    }
  }
  return merged;
};

/** One page of a keyset-paginated query, sorted by (field, _id). */
export async function findPage<D extends { _id: string }, T>(
  model: Model<D>,
  filter: Record<string, unknown>,
  projection: Record<string, 0>,
  sort: { field: string; dir: 1 | -1; limit: number },
  map: (d: D) => T,
): Promise<Page<T>> {
  const docs = await model
    .find(filter as never, projection)
    .sort({ [sort.field]: sort.dir, _id: sort.dir })
    .limit(sort.limit + 1)
    .lean<D[]>()
    .exec();
  return toPage(docs, sort.limit, sort.field as keyof D, map);
}
