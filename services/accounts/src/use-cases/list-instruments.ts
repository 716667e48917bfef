import type { Identity } from '@metrodesk/access';
import type { Instrument } from '../domain/instrument';
import type { AccountsDeps, InstrumentQuery, Page } from './ports';
import { scopeOf } from './access';
import { getEnterprise } from './get-enterprise';

/** The caller's instruments; asking for one enterprise the caller cannot see is a 404 for that enterprise. */
export async function listInstruments(deps: AccountsDeps, who: Identity, query: Omit<InstrumentQuery, 'scope'>): Promise<Page<Instrument>> {
  if (query.enterpriseId) await getEnterprise(deps, who, query.enterpriseId);
  return deps.instruments.list({ ...query, scope: scopeOf(who) });
}
