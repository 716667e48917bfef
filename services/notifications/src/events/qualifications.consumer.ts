import { handlerMap, on, type EventEnvelope } from '@metrodesk/events';
import { enterpriseClosed, enterpriseFlagged, enterpriseRegistered, enterpriseReopened, enterpriseUpdated, fileExpiring, type enterpriseSnapshot } from '@metrodesk/contracts';
import type { z } from 'zod';
import type { EmployerRepository, NotifyDeps } from '../use-cases/ports';
import { notifyQualificationExpiring } from '../use-cases/qualification-expiring';

type Snapshot = z.infer<typeof enterpriseSnapshot>;

/** Every accounts.enterprise.* event carries the whole enterprise as of its version. */
export function employerHandlers(deps: { employers: EmployerRepository }) {
  const project = (e: EventEnvelope<Snapshot>) => deps.employers.upsertNewer({ enterpriseId: e.data.enterpriseId, uscc: e.data.uscc, cityCode: e.data.cityCode, version: e.data.version });
  // Version-checked upserts: a repeat changes nothing.
  return handlerMap(...[enterpriseRegistered, enterpriseUpdated, enterpriseFlagged, enterpriseClosed, enterpriseReopened].map((d) => on(d, project, { idempotent: true })));
}

/** A staff member's file entered the expiry window: the employer's users hear of it. */
export function qualificationHandlers(deps: NotifyDeps & { employers: EmployerRepository }) {
  return handlerMap(
    on(fileExpiring, async (e) => {
      await notifyQualificationExpiring(deps, { eventId: e.id, personName: e.data.personName, employerUscc: e.data.employerUscc, type: e.data.type, expiresOn: e.data.expiresOn });
    }),
  );
}
