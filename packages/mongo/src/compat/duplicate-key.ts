/**
 * A unique index refused the write. MongoDB says code 11000. FerretDB v1 says so for an
 * insert, but reports a clash during an update or an upsert as an InternalError carrying
 * PostgreSQL's "duplicate key value violates unique constraint <index>" message, so the
 * message is recognised too.
 */
export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: number; message?: string };
  return e.code === 11000 || /duplicate key|E11000/i.test(String(e.message ?? ''));
}

/**
 * The positions of the documents an unordered insertMany refused for a taken unique key; any
 * other failure is thrown on. Undefined when it was a clash but the server did not say which
 * documents: the caller learns more by inserting them one at a time. The driver reports one write
 * error as an object and several as a list.
 */
export function duplicateIndexes(err: unknown): number[] | undefined {
  const raw = (err as { writeErrors?: { index?: number; code?: number }[] | { index?: number; code?: number } }).writeErrors;
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  if (list.length === 0 || list.some((w) => typeof w.index !== 'number')) {
    if (isDuplicateKey(err)) return undefined;
    throw err;
  }
  if (list.some((w) => w.code !== 11000)) throw err;
  return list.map((w) => w.index!);
}
