import type { Identity } from '@metrodesk/access';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps, EnterpriseQuery, Page } from './ports';
import { scopeOf } from './access';

export type EnterpriseFilter = Omit<EnterpriseQuery, 'scope'>;

/** Lists what the caller may see: everything, their city, or only their own enterprise. */
export async function listEnterprises(deps: Pick<AccountsDeps, 'enterprises'>, who: Identity, filter: EnterpriseFilter): Promise<Page<Enterprise>> {
  return deps.enterprises.list({ ...filter, scope: scopeOf(who) });
}
