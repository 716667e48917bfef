import { handlerMap, on, type EventEnvelope } from '@metrodesk/events';
import { enterpriseClosed, enterpriseFlagged, enterpriseRegistered, enterpriseReopened, enterpriseUpdated, type enterpriseSnapshot } from '@metrodesk/contracts';
import type { z } from 'zod';
import type { EmployerRepository } from '../use-cases/ports';

type Snapshot = z.infer<typeof enterpriseSnapshot>;

/** Every accounts.enterprise.* event carries the whole enterprise as of its version. */
export function enterprisesHandlers(deps: { employers: EmployerRepository }) {
  const project = async (e: EventEnvelope<Snapshot>) => {
    await deps.employers.upsertNewer({ enterpriseId: e.data.enterpriseId, uscc: e.data.uscc, cityCode: e.data.cityCode, version: e.data.version });
  };
  // Version-checked upserts: a repeat changes nothing.
  return handlerMap(...[enterpriseRegistered, enterpriseUpdated, enterpriseFlagged, enterpriseClosed, enterpriseReopened].map((d) => on(d, project, { idempotent: true })));
}
