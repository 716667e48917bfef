import { handlerMap, on } from '@metrodesk/events';
import { enterpriseRegistered, enterpriseUpdated, enterpriseFlagged, enterpriseClosed, enterpriseReopened, outreachProblemFound, ENTERPRISE_TOPIC, OUTREACH_TOPIC } from '@metrodesk/contracts';
import type { RequestsDeps } from '../use-cases/ports';
import { projectEnterprise } from '../use-cases/project-enterprise';
import { fileFromProblem } from '../use-cases/file-from-problem';

export const ACCOUNTS_TOPICS = [ENTERPRISE_TOPIC, OUTREACH_TOPIC];

/** The enterprise projection (every snapshot event) and filings from outreach problems. */
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
  );
}
