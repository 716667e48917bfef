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
