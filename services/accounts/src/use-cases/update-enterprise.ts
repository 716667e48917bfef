import { actorFor, type Identity } from '@metrodesk/access';
import { validateEnterpriseIdentity, type Enterprise } from '../domain/enterprise';
import { planChange, type EnterpriseFields } from '../domain/changes';
import type { AccountsDeps } from './ports';
import { requireBureau, requireCity } from './access';
import { getEnterprise } from './get-enterprise';
import { saveChange } from './save-change';

export async function updateEnterprise(deps: AccountsDeps, who: Identity, id: string, expectedVersion: number, fields: Partial<EnterpriseFields>): Promise<Enterprise> {
  requireBureau(who);
  const current = await getEnterprise(deps, who, id);
  const cityCode = fields.cityCode ?? current.cityCode;
  // A new city clears a district that belonged to the old one unless a new district is given.
  const districtCode = fields.districtCode !== undefined ? fields.districtCode : fields.cityCode && fields.cityCode !== current.cityCode ? null : current.districtCode;
  validateEnterpriseIdentity({ uscc: current.uscc, cityCode, districtCode }, await deps.regions.current());
  if (cityCode !== current.cityCode) requireCity(who, cityCode, 'move enterprises');
  const now = deps.now?.() ?? new Date();
  return saveChange(deps, current, planChange(current, { ...fields, districtCode }, {}, now), expectedVersion, now, actorFor(who));
}
