import { canSee, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from './ports';

/** Someone else's enterprise is reported as missing: existence itself must not leak. */
export async function getEnterprise(deps: Pick<AccountsDeps, 'enterprises'>, who: Identity, id: string): Promise<Enterprise> {
  const e = await deps.enterprises.findById(id);
  if (!e || !canSee(who, { cityCode: e.cityCode, enterpriseId: e.id })) throw new NotFoundError('enterprise', id);
  return e;
}
