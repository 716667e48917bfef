import { handlerMap, on, type EventEnvelope } from '@metrodesk/events';
import { enterpriseClosed, enterpriseFlagged, enterpriseRegistered, enterpriseReopened, enterpriseUpdated, type enterpriseSnapshot } from '@metrodesk/contracts';
import type { z } from 'zod';
import type { EmployerRepository } from '../use-cases/ports';
import { projectEmployer } from '../use-cases/project-employer';

type Snapshot = z.infer<typeof enterpriseSnapshot>;

/** Every accounts.enterprise.* event carries the whole enterprise as of its version. */
export function enterpriseHandlers(deps: { employers: EmployerRepository }) {
  const project = async (e: EventEnvelope<Snapshot>) => {
    const d = e.data;
    await projectEmployer(deps, { uscc: d.uscc, enterpriseId: d.enterpriseId, name: d.name, cityCode: d.cityCode, status: d.status, version: d.version });
  };
  return handlerMap(on(enterpriseRegistered, project), on(enterpriseUpdated, project), on(enterpriseFlagged, project), on(enterpriseClosed, project), on(enterpriseReopened, project));
}
