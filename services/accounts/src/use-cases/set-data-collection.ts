import type { Identity } from '@metrodesk/access';
import { setDataCollection as set, type DataCollection } from '../domain/records';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from './ports';
import { requireBureau } from './access';
import { getEnterprise } from './get-enterprise';
import { changeRecords } from './change-records';

/** How a unit's energy data reach the bureau from a day on; the same status again changes nothing. */
export async function setDataCollection(deps: AccountsDeps, who: Identity, id: string, status: DataCollection, expectedVersion?: number): Promise<Enterprise> {
  requireBureau(who);
  const current = await getEnterprise(deps, who, id);
  return changeRecords(deps, current, (r) => set(r, status), expectedVersion);
}
