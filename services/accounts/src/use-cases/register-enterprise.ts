import { eventFor, uuidv7, type EventActor } from '@metrodesk/events/model';
import { enterpriseRegistered } from '@metrodesk/contracts';
import { actorFor, type Identity } from '@metrodesk/access';
import { NO_FLAGS, toSnapshot, validateEnterpriseIdentity, type Enterprise, type Flags, type RegionData } from '../domain/enterprise';
import { normalizeTags, planChange } from '../domain/changes';
import { NO_RECORDS } from '../domain/records';
import { recordEvents } from './record-events';
import type { AccountsDeps } from './ports';
import { requireBureau, requireCity } from './access';

export interface RegisterEnterpriseInput {
  uscc: string;
  name: string;
  nameEn?: string | null;
  cityCode: string;
  districtCode?: string | null;
  address?: string | null;
  industry?: string | null;
  size?: string | null;
  tags?: string[];
  flags?: Partial<Flags>;
}

/** Builds a new enterprise (version 1) and its registration event; shared with the import. */
export function newEnterprise(input: Omit<RegisterEnterpriseInput, 'uscc'>, uscc: string, regions: RegionData, now: Date, actor?: EventActor) {
  const bare: Enterprise = {
    id: uuidv7(now.getTime()),
    uscc,
    name: input.name.trim(),
    nameEn: input.nameEn?.trim() || null,
    provinceCode: regions.province.code,
    cityCode: input.cityCode,
    districtCode: input.districtCode ?? null,
    address: input.address ?? null,
    industry: input.industry ?? null,
    size: input.size ?? null,
    status: 'active',
    tags: normalizeTags(input.tags ?? []),
    flags: NO_FLAGS,
    records: NO_RECORDS,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  // Flags given at registration go through the same rules as later ones: integrity flags become records.
  const enterprise = { ...planChange(bare, {}, input.flags ?? {}, now).next, updatedAt: now };
  const event = eventFor(enterpriseRegistered, { subject: enterprise.id, data: toSnapshot(enterprise), source: 'accounts', time: now, actor });
  return { enterprise, events: [event, ...recordEvents(NO_RECORDS, enterprise, now)] };
}

export async function registerEnterprise(deps: AccountsDeps, who: Identity, input: RegisterEnterpriseInput): Promise<Enterprise> {
  requireBureau(who);
  const regions = await deps.regions.current();
  const { uscc } = validateEnterpriseIdentity(input, regions);
  requireCity(who, input.cityCode, 'register enterprises');
  const { enterprise, events } = newEnterprise(input, uscc, regions, deps.now?.() ?? new Date(), actorFor(who));
  await deps.enterprises.insert(enterprise, events);
  deps.notify();
  return enterprise;
}
