import { canSee, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { Clock } from '../domain/clock';
import type { SlaDeps } from './ports';

/** A request's clocks of every cycle. Someone else's request is reported as missing. */
export async function getRequestClocks(deps: Pick<SlaDeps, 'clocks'>, who: Identity, requestId: string): Promise<Clock[]> {
  const clocks = await deps.clocks.findByRequest(requestId);
  const first = clocks[0];
  if (!first || !canSee(who, { cityCode: first.cityCode, enterpriseId: first.enterpriseId })) throw new NotFoundError('request_clocks', requestId);
  return clocks;
}
