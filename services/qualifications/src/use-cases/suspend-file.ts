import type { Identity } from '@metrodesk/access';
import { fileSuspended } from '@metrodesk/contracts';
import type { QualificationFile } from '../domain/qualification';
import { changeFile } from './change-file';
import type { QualificationsDeps } from './ports';

export async function suspendFile(deps: QualificationsDeps, who: Identity, id: string, input: { version: number; reason: string }): Promise<QualificationFile> {
  return changeFile(deps, who, id, input.version, 'suspended', input.reason, fileSuspended, (f) => ({ ...f, status: 'suspended' }));
}
