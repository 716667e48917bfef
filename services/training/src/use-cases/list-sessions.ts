import { isProvinceWide, type Identity } from '@metrodesk/access';
import { ValidationError } from '@metrodesk/errors';
import type { Session } from '../domain/session';
import type { SessionFilter, SessionPage, TrainingDeps } from './ports';

const encode = (s: Session) => Buffer.from(JSON.stringify([s.startDate, s.id])).toString('base64url');

function decode(cursor: string): SessionPage['after'] {
  try {
    const [startDate, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof startDate === 'string' && typeof id === 'string') return { startDate, id };
  } catch {
    /* reported below */
  }
  throw new ValidationError([{ path: 'query.cursor', message: 'is not a cursor this service gave out' }]);
}

/** Sessions by start date, a page at a time; city roles see their city, enterprises none. */
export async function listSessions(deps: TrainingDeps, who: Identity, filter: SessionFilter, page: { limit: number; cursor?: string }): Promise<{ items: Session[]; nextCursor: string | null }> {
  if (!isProvinceWide(who) && (who.role === 'enterprise' || (filter.cityCode && filter.cityCode !== who.cityCode))) return { items: [], nextCursor: null };
  const scoped = isProvinceWide(who) ? filter : { ...filter, cityCode: who.cityCode };
  const items = await deps.sessions.list(scoped, { limit: page.limit, after: page.cursor ? decode(page.cursor) : undefined });
  const last = items[items.length - 1];
  return { items, nextCursor: items.length === page.limit && last ? encode(last) : null };
}
