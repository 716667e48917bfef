import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { Instrument } from '../domain/instrument';
import type { AccountsDeps } from './ports';
import { BUREAU_ROLES } from './access';

/** Enterprises keep their own register; the bureaus' staff keep it with them in their scope. */
export function requireInstrumentKeeper(who: Identity): void {
  requireRole(who, 'enterprise', ...BUREAU_ROLES);
}

/** Someone else's instrument is reported as missing, like someone else's enterprise. */
export async function getInstrument(deps: Pick<AccountsDeps, 'instruments'>, who: Identity, id: string): Promise<Instrument> {
  const i = await deps.instruments.findById(id);
  if (!i || !canSee(who, { cityCode: i.cityCode, enterpriseId: i.enterpriseId })) throw new NotFoundError('instrument', id);
  return i;
}
