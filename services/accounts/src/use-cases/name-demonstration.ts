import { isProvinceWide, requireRole, type Identity } from '@metrodesk/access';
import { nameDemonstration as name } from '../domain/records';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from './ports';
import { changeRecords, enterpriseByUscc } from './change-records';

/** The province or a city manager names an enterprise of their area an integrity demonstration unit for a year. */
export async function nameDemonstration(deps: AccountsDeps, who: Identity, input: { uscc: string; year: number }): Promise<Enterprise> {
  requireRole(who, 'city_manager', 'province_manager', 'admin');
  const current = await enterpriseByUscc(deps, who, input.uscc);
  const namedBy = isProvinceWide(who) ? { kind: 'province' as const, code: current.provinceCode } : { kind: 'city' as const, code: who.cityCode! };
  return changeRecords(deps, current, (r, { today }) => name(r, { year: input.year, namedBy, namedOn: today }));
}
