import type { Identity } from '@metrodesk/access';
import { VersionConflictError } from '@metrodesk/errors';
import { applyChange, type Instrument, type InstrumentFields } from '../domain/instrument';
import { bureauDay } from '../domain/outreach';
import type { AccountsDeps } from './ports';
import { getInstrument, requireInstrumentKeeper } from './instrument-access';

export async function updateInstrument(deps: AccountsDeps, who: Identity, id: string, expectedVersion: number, change: Partial<InstrumentFields>): Promise<Instrument> {
  requireInstrumentKeeper(who);
  const current = await getInstrument(deps, who, id);
  if (current.version !== expectedVersion) throw new VersionConflictError('instrument', id, expectedVersion, current.version);
  const now = deps.now?.() ?? new Date();
  const next = applyChange(current, change, bureauDay(now), now);
  await deps.instruments.update(next, expectedVersion);
  return next;
}
