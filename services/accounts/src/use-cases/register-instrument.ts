import type { Identity } from '@metrodesk/access';
import { uuidv7 } from '@metrodesk/events/model';
import { ConflictError } from '@metrodesk/errors';
import { deriveInstrument, type Instrument, type InstrumentFields } from '../domain/instrument';
import { bureauDay } from '../domain/outreach';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from './ports';
import { getEnterprise } from './get-enterprise';
import { requireInstrumentKeeper } from './instrument-access';

/** A new instrument of an open enterprise, checked and with its due day worked out; not stored. */
export function newInstrument(enterprise: Enterprise, fields: InstrumentFields, now: Date): Instrument {
  if (enterprise.status === 'closed') throw new ConflictError('enterprise_closed', `The enterprise ${enterprise.id} is closed; reopen it before registering instruments.`);
  const derived = deriveInstrument(fields, bureauDay(now));
  return { id: uuidv7(now.getTime()), enterpriseId: enterprise.id, cityCode: enterprise.cityCode, ...fields, ...derived, verifications: [], version: 1, createdAt: now, updatedAt: now };
}

export async function registerInstrument(deps: AccountsDeps, who: Identity, enterpriseId: string, fields: InstrumentFields): Promise<Instrument> {
  requireInstrumentKeeper(who);
  const enterprise = await getEnterprise(deps, who, enterpriseId);
  const instrument = newInstrument(enterprise, fields, deps.now?.() ?? new Date());
  await deps.instruments.insert(instrument);
  return instrument;
}
