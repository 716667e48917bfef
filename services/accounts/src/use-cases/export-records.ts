import type { Identity } from '@metrodesk/access';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from './ports';
import { requireBureau } from './access';
import { exportEnterprises } from './export-enterprises';

/** The enterprises in the caller's area (a city its own, the province all) holding records of the kind asked for. */
export async function enterprisesWithRecords(deps: AccountsDeps, who: Identity, kind: 'integrity' | 'energy', cityCode?: string): Promise<Enterprise[]> {
  requireBureau(who);
  const has = (e: Enterprise) => (kind === 'integrity' ? e.records.commitments.length + e.records.demonstrations.length : e.records.energyReviews.length + e.records.dataCollection.length) > 0;
  const out: Enterprise[] = [];
  for await (const e of exportEnterprises(deps, who, { cityCode, sort: { field: 'name', dir: 1 } })) if (has(e)) out.push(e);
  return out;
}
