import type { Identity } from '@metrodesk/access';
import { fileReinstated } from '@metrodesk/contracts';
import { dateIn } from '../domain/dates';
import { statusByDate, type QualificationFile } from '../domain/qualification';
import { changeFile } from './change-file';
import type { QualificationsDeps } from './ports';

/** Back to what the dates say: a file whose expiry passed while suspended comes back expired. */
export async function reinstateFile(deps: QualificationsDeps, who: Identity, id: string, input: { version: number }): Promise<QualificationFile> {
  return changeFile(deps, who, id, input.version, 'reinstated', null, fileReinstated, (f, now) => ({
    ...f,
    status: statusByDate(f.expiresOn, dateIn(now, deps.timeZone), deps.expiryWindowDays),
  }));
}
