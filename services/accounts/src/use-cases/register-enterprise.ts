import { eventFor, uuidv7 } from '@metrodesk/events';
import { enterpriseRegistered } from '@metrodesk/contracts';
import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { ForbiddenError } from '@metrodesk/errors';
import { NO_FLAGS, toSnapshot, validateEnterpriseIdentity, type Enterprise, type Flags } from '../domain/enterprise';
import type { AccountsDeps } from './ports';

export interface RegisterEnterpriseInput {
  uscc: string;
  name: string;
  nameEn?: string;
  cityCode: string;
  districtCode?: string;
  address?: string;
  industry?: string;
  size?: string;
  tags?: string[];
  flags?: Partial<Flags>;
}

export async function registerEnterprise(deps: AccountsDeps, who: Identity, input: RegisterEnterpriseInput): Promise<Enterprise> {
  requireRole(who, 'liaison', 'city_manager', 'province_manager', 'admin');
  const regions = deps.regions();
  const { uscc } = validateEnterpriseIdentity(input, regions);
  if (!canSee(who, { cityCode: input.cityCode })) throw new ForbiddenError(`You can register enterprises only in your own city (${who.cityCode}).`);
  const now = deps.now?.() ?? new Date();
  const enterprise: Enterprise = {
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
    tags: [...new Set(input.tags ?? [])],
    flags: { ...NO_FLAGS, ...input.flags },
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const event = eventFor(enterpriseRegistered, { subject: enterprise.id, data: toSnapshot(enterprise), source: 'accounts', time: now });
  await deps.enterprises.insert(enterprise, [event]);
  deps.notify();
  return enterprise;
}
