import type { Identity } from '@metrodesk/access';
import { withdraw } from '../domain/records';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from './ports';
import { requireBureau } from './access';
import { getEnterprise } from './get-enterprise';
import { changeRecords } from './change-records';

/** The enterprise withdraws a standing commitment; its flag follows. */
export async function withdrawCommitment(deps: AccountsDeps, who: Identity, id: string, commitmentId: string, withdrawnOn: string, expectedVersion?: number): Promise<Enterprise> {
  requireBureau(who);
  const current = await getEnterprise(deps, who, id);
  return changeRecords(deps, current, (r) => withdraw(r, commitmentId, withdrawnOn), expectedVersion);
}
