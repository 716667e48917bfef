import { z } from 'zod';
import type { Request } from 'express';
import { DomainError, ValidationError } from '@metrodesk/errors';
import { FLAG_NAMES } from '../domain/enterprise';
import { decodeCursor, encodeCursor, parseSort, type CursorPosition } from '../domain/cursor';
import { ENTERPRISE_SORTS } from '../use-cases/ports';
import type { EnterpriseFilter } from '../use-cases/list-enterprises';

import { regionCode, isoDate } from '@metrodesk/http';

export { regionCode, isoDate };

/** `a,b` or a repeated parameter, as a list. */
export const listParam = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean));

export const pageParams = {
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

export const enterpriseFilterQuery = z
  .object({
    cityCode: regionCode.optional(),
    districtCode: regionCode.optional(),
    industry: z.string().max(100).optional(),
    status: z.enum(['active', 'closed']).optional(),
    tags: listParam.optional(),
    flags: listParam.pipe(z.array(z.enum(FLAG_NAMES))).optional(),
    q: z.string().trim().max(100).optional(),
    sort: z.string().optional(),
    ...pageParams,
  })
  .strict();

export function toEnterpriseFilter(q: z.infer<typeof enterpriseFilterQuery>): EnterpriseFilter {
  const { cursor, sort, q: keyword, ...rest } = q;
  return { ...rest, q: keyword || undefined, sort: parseSort(sort, ENTERPRISE_SORTS, 'name'), after: cursor ? decodeCursor(cursor) : undefined };
}

export const nextCursor = (next: CursorPosition | null) => (next ? encodeCursor(next) : null);

/**
 * The version the caller last saw: `version` in the body, else an If-Match header
 * (`"3"`, `W/"3"` or `3`). Updates without one are refused, so no edit is ever blind.
 */
export function expectedVersion(req: Request, bodyVersion: number | undefined, required: boolean): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  const header = req.header('if-match');
  if (header) {
    const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
    if (!m) throw new ValidationError([{ path: 'headers.if-match', message: 'must be the version (ETag) of the enterprise, e.g. "3"' }]);
    return Number(m[1]);
  }
  if (required) throw new DomainError('version_required', 428, 'Send the version you are changing, as If-Match or `version` in the body.');
  return undefined;
}

export const etag = (version: number) => `"${version}"`;
