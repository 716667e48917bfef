import type { Identity } from '@metrodesk/access';
import { fileRevoked } from '@metrodesk/contracts';
import type { QualificationFile } from '../domain/qualification';
import { changeFile } from './change-file';
import type { QualificationsDeps } from './ports';

/** Revocation is final: a revoked file is never renewed or reinstated; a new filing is needed. */
export async function revokeFile(deps: QualificationsDeps, who: Identity, id: string, input: { version: number; reason: string }): Promise<QualificationFile> {
  return changeFile(deps, who, id, input.version, 'revoked', input.reason, fileRevoked, (f) => ({ ...f, status: 'revoked' }));
}
