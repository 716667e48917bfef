import type { Identity } from '@metrodesk/access';
import type { Instrument } from '../domain/instrument';
import type { AccountsDeps, InstrumentQuery, Page } from './ports';
import { scopeOf } from './access';
import { getEnterprise } from './get-enterprise';

/**
 * The caller's instruments; asking for one enterprise the caller cannot see is a 404 for that
 * enterprise. The enterprise is looked up beside the page rather than before it: the page is
 * scoped to the caller anyway, so it can be read while the check runs, and the view costs one
 * round trip to the database instead of two.
 */
export async function listInstruments(deps: AccountsDeps, who: Identity, query: Omit<InstrumentQuery, 'scope'>): Promise<Page<Instrument>> {
  const page = deps.instruments.list({ ...query, scope: scopeOf(who) });
  if (!query.enterpriseId) return page;
  const [seen, read] = await Promise.allSettled([getEnterprise(deps, who, query.enterpriseId), page]);
  if (seen.status === 'rejected') throw seen.reason;
  if (read.status === 'rejected') throw read.reason;
  return read.value;
}
