import { handlerMap, on } from '@metrodesk/events';
import { fileExpired, fileExpiring, fileFiled, fileRenewed, fileReinstated, fileRevoked, fileSuspended } from '@metrodesk/contracts';
import type { VerifierFileCatalog } from '../use-cases/ports';

/** Every file event carries the whole file as of its version: keep the newest for planning. */
export function qualificationsHandlers(deps: { verifierFiles: VerifierFileCatalog }) {
  const learn = async (e: { data: { fileId: string; version: number; personKey: string; cityCode?: string | null; type: string; scope: string[]; issuedOn: string; expiresOn: string; status: 'valid' | 'expiring' | 'expired' | 'revoked' | 'suspended' } }) => {
    const d = e.data;
    await deps.verifierFiles.upsertNewer({ fileId: d.fileId, version: d.version, personKey: d.personKey, cityCode: d.cityCode ?? null, type: d.type, scope: d.scope, issuedOn: d.issuedOn, expiresOn: d.expiresOn, status: d.status });
  };
  return handlerMap(...[fileFiled, fileRenewed, fileExpiring, fileExpired, fileRevoked, fileSuspended, fileReinstated].map((def) => on(def, learn)));
}
