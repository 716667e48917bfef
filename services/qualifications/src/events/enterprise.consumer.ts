import { handlerMap, on, type EventEnvelope, type HandlerMap } from '@metrodesk/events';
import { enterpriseClosed, enterpriseFlagged, enterpriseRegistered, enterpriseReopened, enterpriseUpdated, type enterpriseSnapshot } from '@metrodesk/contracts';
import type { z } from 'zod';
import type { QualificationsDeps } from '../use-cases/ports';

/**
 * Which USCC an enterprise user's enterprise has: files name their employer by USCC, identities
 * name the enterprise by its accounts id. Every accounts.enterprise.* event carries the whole
 * enterprise as of its version.
 */
export function enterpriseHandlers(deps: Pick<QualificationsDeps, 'enterprises'>): HandlerMap {
  const project = async (e: EventEnvelope<z.infer<typeof enterpriseSnapshot>>) => {
    const d = e.data;
    await deps.enterprises.upsertNewer({ enterpriseId: d.enterpriseId, uscc: d.uscc, cityCode: d.cityCode, version: d.version });
  };
  return handlerMap(on(enterpriseRegistered, project), on(enterpriseUpdated, project), on(enterpriseFlagged, project), on(enterpriseClosed, project), on(enterpriseReopened, project));
}
