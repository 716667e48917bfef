import type { Identity } from '@metrodesk/access';
import type { QualificationFile } from '../domain/qualification';
import { visibleOrMissing } from './access';
import type { QualificationsDeps } from './ports';

export async function getFile(deps: QualificationsDeps, who: Identity, id: string): Promise<QualificationFile> {
  return visibleOrMissing(deps, who, await deps.files.findById(id), id);
}
