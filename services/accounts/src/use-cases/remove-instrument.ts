import type { Identity } from '@metrodesk/access';
import type { AccountsDeps } from './ports';
import { getInstrument, requireInstrumentKeeper } from './instrument-access';

/** Takes back an entry made by mistake; an instrument that existed and is gone is `scrapped` instead. */
export async function removeInstrument(deps: AccountsDeps, who: Identity, id: string, expectedVersion: number): Promise<void> {
  requireInstrumentKeeper(who);
  await getInstrument(deps, who, id);
  await deps.instruments.remove(id, expectedVersion);
}
