import { handlerMap, on } from '@metrodesk/events';
import { enterpriseRegistered, enterpriseUpdated, enterpriseFlagged, enterpriseClosed, enterpriseReopened, outreachProblemFound, instrumentsDue, ENTERPRISE_TOPIC, OUTREACH_TOPIC, INSTRUMENT_TOPIC } from '@metrodesk/contracts';
import type { RequestsDeps } from '../use-cases/ports';
import { projectEnterprise } from '../use-cases/project-enterprise';
import { fileFromProblem } from '../use-cases/file-from-problem';
import { fileFromDue } from '../use-cases/file-from-due';

export const ACCOUNTS_TOPICS = [ENTERPRISE_TOPIC, OUTREACH_TOPIC, INSTRUMENT_TOPIC];

/** The enterprise projection (every snapshot event), filings from outreach problems and from instruments falling due. */
export function accountsHandlers(deps: RequestsDeps) {
  const snapshot = async (e: { data: Parameters<typeof projectEnterprise>[1] }) => {
    await projectEnterprise(deps, e.data);
  };
  return handlerMap(
    on(enterpriseRegistered, snapshot),
    on(enterpriseUpdated, snapshot),
    on(enterpriseFlagged, snapshot),
    on(enterpriseClosed, snapshot),
    on(enterpriseReopened, snapshot),
    on(outreachProblemFound, async (e) => {
      await fileFromProblem(deps, e.data, new Date(e.time));
    }),
    on(instrumentsDue, async (e) => {
      await fileFromDue(deps, e.id, e.data, new Date(e.time));
    }),
  );
}
