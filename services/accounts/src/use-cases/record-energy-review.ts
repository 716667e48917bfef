import type { Identity } from '@metrodesk/access';
import { ValidationError } from '@metrodesk/errors';
import type { EnergyReview } from '../domain/records';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from './ports';
import { changeRecords, enterpriseByUscc } from './change-records';

/** A review of a key energy-using unit's energy metrology. */
export async function recordEnergyReview(deps: AccountsDeps, who: Identity, input: Omit<EnergyReview, 'id'> & { uscc: string }): Promise<Enterprise> {
  const current = await enterpriseByUscc(deps, who, input.uscc);
  if (!current.flags.keyEnergyUnit) throw new ValidationError([{ path: 'uscc', message: `${current.name} is not a key energy-using unit` }]);
  const { uscc: _uscc, ...review } = input;
  return changeRecords(deps, current, (r, { newId }) => ({ ...r, energyReviews: [...r.energyReviews, { id: newId(), ...review }] }));
}
