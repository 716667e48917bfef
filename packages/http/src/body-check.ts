import type { RequestHandler } from 'express';
import { ValidationError } from '@metrodesk/errors';

/** Deeper than any body this API takes; past it a recursive serialiser could overflow the stack. */
export const MAX_JSON_DEPTH = 32;

/**
 * Refuses a parsed JSON body nested deeper than MAX_JSON_DEPTH or carrying a NUL in any string
 * or key (PostgreSQL under FerretDB refuses NUL in text, and no field here needs one). The walk
 * keeps its own stack, so a hostile depth cannot overflow this check either.
 */
export function checkJsonBody(body: unknown): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) throw new ValidationError([{ path: path || '(body)', message: 'must not contain NUL characters' }]);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw new ValidationError([{ path: path || '(body)', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }]);
    for (const [key, child] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) throw new ValidationError([{ path: at.split('\u0000').join('\\0'), message: 'field names must not contain NUL characters' }]);
      stack.push({ value: child, path: at, depth: depth + 1 });
    }
  }
}

export const jsonBodyCheck: RequestHandler = (req, _res, next) => {
  try {
    if (req.body !== undefined && typeof req.body === 'object') checkJsonBody(req.body);
    next();
  } catch (err) {
    next(err);
  }
};
