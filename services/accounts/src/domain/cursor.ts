import { ValidationError } from '@metrodesk/errors';

/** Where the previous page ended: the sort value and the id of its last item (ties broken by id). */
export interface CursorPosition {
  /** The sort field the cursor belongs to: a cursor of one order means nothing in another. */
  field: string;
  value: string | number;
  id: string;
}

export function encodeCursor(p: CursorPosition): string {
  return Buffer.from(JSON.stringify([p.field, p.value, p.id])).toString('base64url');
}

export function cursorFor(p: CursorPosition, field: string): CursorPosition {
  if (p.field !== field) throw new ValidationError([{ path: 'query.cursor', message: `belongs to a list sorted by ${p.field}, not ${field}` }]);
  return p;
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3 && typeof parsed[0] === 'string' && (typeof parsed[1] === 'string' || typeof parsed[1] === 'number') && typeof parsed[2] === 'string') {
      return { field: parsed[0], value: parsed[1], id: parsed[2] };
    }
  } catch {
    /* reported below */
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'not a cursor this API returned' }]);
}

export interface SortSpec<F extends string> {
  field: F;
  dir: 1 | -1;
}

/** `name` sorts ascending, `-name` descending. */
export function parseSort<F extends string>(spec: string | undefined, allowed: readonly F[], fallback: F): SortSpec<F> {
  if (!spec) return { field: fallback, dir: 1 };
  const dir = spec.startsWith('-') ? -1 : 1;
  const field = spec.replace(/^[-+]/, '') as F;
  if (!allowed.includes(field)) throw new ValidationError([{ path: 'query.sort', message: `must be one of ${allowed.join(', ')}, optionally prefixed with -` }]);
  return { field, dir };
}

export const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
