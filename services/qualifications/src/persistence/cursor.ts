import { ValidationError } from '@metrodesk/errors';

/** Cursor pagination over (sort field, _id): the cursor is base64url JSON of the last pair. */
export function encodeCursor(value: string, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return [v[0], v[1]];
  } catch {
    /* falls through to the validation error */
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'is not a cursor this API returned' }]);
}
