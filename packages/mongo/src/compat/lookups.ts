import type { Model, UpdateQuery } from 'mongoose';

/**
 * Look-ups shaped for both servers. FerretDB v1 pushes only plain top-level equalities down
 * to PostgreSQL; a `$in` is answered by decoding every document of the collection and
 * comparing it with every value, in Go. So a long value list reads the (indexed, equality)
 * scope once and matches here, and a write to many ids is one write per id.
 */

/** Above this many values a `$in` costs more on FerretDB v1 than reading the scope once. */
export const IN_LOOKUP_MAX = 100;

/**
 * The documents within `scope` (plain equalities) whose `field` is one of `values`: a `$in`
 * when the values are few, one pass over the scope when they are many.
 */
export async function findWhereIn<D>(
  model: Model<never>,
  scope: Record<string, string | number | boolean>,
  field: string,
  values: readonly string[],
  projection: Record<string, 0 | 1>,
  inLookupMax = IN_LOOKUP_MAX,
): Promise<D[]> {
  if (values.length === 0) return [];
  if (values.length <= inLookupMax) {
    return model.find({ ...scope, [field]: { $in: values } } as never, projection).lean<D[]>().exec();
  }
  const wanted = new Set(values);
  const found: D[] = [];
  for await (const d of model.find(scope as never, projection).lean<D>().cursor({ batchSize: 5000 })) {
    if (wanted.has((d as Record<string, unknown>)[field] as string)) found.push(d as D);
  }
  return found;
}

/** The same update applied to each of `ids`, one `_id` equality each rather than a `$in`. */
export async function updateEachById<T>(model: Model<T>, ids: readonly string[], update: UpdateQuery<T>): Promise<void> {
  for (const id of ids) await model.updateOne({ _id: id } as never, update).exec();
}
