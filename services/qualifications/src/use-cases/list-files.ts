import type { Identity } from '@metrodesk/access';
import { addDays, dateIn } from '../domain/dates';
import type { QualificationFile, QualificationStatus } from '../domain/qualification';
import { narrowScope, readScope } from './access';
import type { Page, QualificationsDeps } from './ports';

export interface ListQuery {
  employerUscc?: string;
  personKey?: string;
  type?: string;
  status?: QualificationStatus[];
  cityCode?: string;
  /** Only files still in force that expire within this many days (sorted by expiry). */
  expiringWithinDays?: number;
  limit: number;
  cursor?: string;
}

export async function listFiles(deps: QualificationsDeps, who: Identity, q: ListQuery): Promise<Page<QualificationFile>> {
  const scope = narrowScope(await readScope(deps, who), q);
  if (!scope) return { items: [], nextCursor: null };
  const base = { scope, employerUscc: q.employerUscc, personKey: q.personKey, type: q.type, status: q.status };
  if (q.expiringWithinDays === undefined) return deps.files.list(base, { limit: q.limit, cursor: q.cursor, sort: 'id' });
  const today = dateIn(deps.now?.() ?? new Date(), deps.timeZone);
  return deps.files.list(
    { ...base, status: q.status ?? ['valid', 'expiring'], expiresOnOrBefore: addDays(today, q.expiringWithinDays) },
    { limit: q.limit, cursor: q.cursor, sort: 'expiresOn' },
  );
}
