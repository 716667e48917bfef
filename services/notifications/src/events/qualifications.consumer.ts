import { handlerMap, on, type EventEnvelope } from '@metrodesk/events';
import {
  enterpriseClosed, enterpriseFlagged, enterpriseRegistered, enterpriseReopened, enterpriseUpdated, type enterpriseSnapshot,
  fileExpired, fileExpiring, fileFiled, fileReinstated, fileRenewed, fileRevoked, fileSuspended,
} from '@metrodesk/contracts';
import type { z } from 'zod';
import type { EmployerRepository } from '../use-cases/ports';
import { notifyQualificationExpiring, type QualificationDeps } from '../use-cases/qualification-expiring';

type Snapshot = z.infer<typeof enterpriseSnapshot>;
type FileSnapshot = z.infer<typeof fileFiled.data>;

/** Every accounts.enterprise.* event carries the whole enterprise as of its version. */
export function employerHandlers(deps: { employers: EmployerRepository }) {
  const project = (e: EventEnvelope<Snapshot>) => deps.employers.upsertNewer({ enterpriseId: e.data.enterpriseId, uscc: e.data.uscc, cityCode: e.data.cityCode, version: e.data.version });
  // Version-checked upserts: a repeat changes nothing.
  return handlerMap(...[enterpriseRegistered, enterpriseUpdated, enterpriseFlagged, enterpriseClosed, enterpriseReopened].map((d) => on(d, project, { idempotent: true })));
}

/**
 * Every file event says where the file stands (a queued reminder checks it); a file entering
 * the expiry window is told to the employer's users.
 */
export function qualificationHandlers(deps: QualificationDeps) {
  const project = (e: EventEnvelope<FileSnapshot>) => deps.qualificationFiles.upsertNewer({ fileId: e.data.fileId, version: e.data.version, status: e.data.status, expiresOn: e.data.expiresOn });
  return handlerMap(
    ...[fileFiled, fileRenewed, fileExpired, fileRevoked, fileSuspended, fileReinstated].map((d) => on(d, project, { idempotent: true })),
    on(fileExpiring, async (e) => {
      await project(e);
      await notifyQualificationExpiring(deps, { fileId: e.data.fileId, personName: e.data.personName, employerUscc: e.data.employerUscc, type: e.data.type, expiresOn: e.data.expiresOn });
    }),
  );
}
