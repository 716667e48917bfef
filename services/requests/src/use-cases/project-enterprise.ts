import type { RequestsDeps } from './ports';

export interface EnterpriseSnapshot {
  enterpriseId: string;
  version: number;
  name: string;
  cityCode: string;
  status: 'active' | 'closed';
}

/** Keeps the enterprise's city and status for filing and scoping; older snapshots are dropped. */
export async function projectEnterprise(deps: RequestsDeps, s: EnterpriseSnapshot): Promise<boolean> {
  return deps.enterprises.upsertIfNewer({ id: s.enterpriseId, name: s.name, cityCode: s.cityCode, status: s.status, version: s.version });
}
