import { requireRole, type Identity } from '@metrodesk/access';
import type { AccountsDeps } from './ports';
import { scanDueInstruments, type DueScanResult } from './scan-due-instruments';

/** The daily timer runs the scan; an operator asks for it after an outage, just as idempotently. */
export async function runDueScan(deps: AccountsDeps, who: Identity): Promise<DueScanResult> {
  requireRole(who, 'admin', 'service');
  return scanDueInstruments(deps);
}
