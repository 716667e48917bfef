import type { Identity } from '@metrodesk/access';
import { sign, type Commitment } from '../domain/records';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from './ports';
import { changeRecords, enterpriseByUscc } from './change-records';

/** An enterprise signs the integrity-metrology self-commitment; its flag follows. */
export async function signCommitment(deps: AccountsDeps, who: Identity, input: { uscc: string; signedOn: string; document: Commitment['document'] }): Promise<Enterprise> {
  const current = await enterpriseByUscc(deps, who, input.uscc);
  return changeRecords(deps, current, (r, { newId }) => sign(r, { id: newId(), signedOn: input.signedOn, document: input.document }));
}
