import { handlerMap, on, type EventEnvelope } from '@metrodesk/events';
import { fileExpired, fileExpiring, fileFiled, fileReinstated, fileRenewed, fileRevoked, fileSuspended } from '@metrodesk/contracts';
import type { z } from 'zod';
import { notifyQualificationExpiring, type QualificationDeps } from '../use-cases/qualification-expiring';

type FileSnapshot = z.infer<typeof fileFiled.data>;

/**
 * Every file event says where the file stands (a queued reminder checks it); a file entering
 * the expiry window is told to the employer's users.
 */
export function qualificationsHandlers(deps: QualificationDeps) {
  const project = async (e: EventEnvelope<FileSnapshot>) => {
    await deps.qualificationFiles.upsertNewer({ fileId: e.data.fileId, version: e.data.version, status: e.data.status, expiresOn: e.data.expiresOn });
  };
  return handlerMap(
    ...[fileFiled, fileRenewed, fileExpired, fileRevoked, fileSuspended, fileReinstated].map((d) => on(d, project, { idempotent: true })),
    on(fileExpiring, async (e) => {
      await project(e);
      await notifyQualificationExpiring(deps, { fileId: e.data.fileId, personName: e.data.personName, employerUscc: e.data.employerUscc, type: e.data.type, expiresOn: e.data.expiresOn });
    }),
  );
}
