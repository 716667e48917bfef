import { actorFor, type Identity } from '@metrodesk/access';
import type { Enterprise, FlagName } from '../domain/enterprise';
import { planChange } from '../domain/changes';
import type { AccountsDeps } from './ports';
import { requireBureau } from './access';
import { getEnterprise } from './get-enterprise';
import { saveChange } from './save-change';

/** Sets or clears one of the bureau's flags; setting the integrity commitment needs its signing date. */
export async function setFlag(deps: AccountsDeps, who: Identity, id: string, flag: FlagName, value: boolean, opts: { signedOn?: string; expectedVersion?: number } = {}): Promise<Enterprise> {
  requireBureau(who);
  const current = await getEnterprise(deps, who, id);
  const now = deps.now?.() ?? new Date();
  const flags = flag === 'integrityCommitment' ? { [flag]: value, integrityCommitmentSignedOn: value ? opts.signedOn : null } : { [flag]: value };
  return saveChange(deps, current, planChange(current, {}, flags, now), opts.expectedVersion, now, actorFor(who));
}
