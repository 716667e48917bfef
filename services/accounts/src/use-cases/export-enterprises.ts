import type { Identity } from '@metrodesk/access';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from './ports';
import { listEnterprises, type EnterpriseFilter } from './list-enterprises';

export const EXPORT_LIMIT = 100_000;

/** Every enterprise the filter matches (within the caller's scope), page by page. */
export async function* exportEnterprises(deps: Pick<AccountsDeps, 'enterprises'>, who: Identity, filter: Omit<EnterpriseFilter, 'after' | 'limit'>): AsyncGenerator<Enterprise> {
  let after: EnterpriseFilter['after'];
  let sent = 0;
  do {
    const page = await listEnterprises(deps, who, { ...filter, after, limit: 1000 });
    for (const e of page.items) yield e;
    sent += page.items.length;
    after = page.next ?? undefined;
  } while (after && sent < EXPORT_LIMIT);
}
