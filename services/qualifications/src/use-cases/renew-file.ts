import type { Identity } from '@metrodesk/access';
import { fileRenewed } from '@metrodesk/contracts';
import { ValidationError } from '@metrodesk/errors';
import { dateIn } from '../domain/dates';
import { checkDates, statusByDate, type ArchiveLocation, type DocumentMeta, type QualificationFile } from '../domain/qualification';
import { changeFile } from './change-file';
import type { QualificationsDeps } from './ports';

export interface RenewInput {
  version: number;
  expiresOn: string;
  issuedOn?: string;
  /** A renewal usually comes with a new certificate; the old number stays in the history. */
  certificateNo?: string;
  issuingAuthority?: string;
  scope?: string[];
  documents?: DocumentMeta[];
  archive?: ArchiveLocation;
  reason?: string;
}

export async function renewFile(deps: QualificationsDeps, who: Identity, id: string, input: RenewInput): Promise<QualificationFile> {
  return changeFile(deps, who, id, input.version, 'renewed', input.reason ?? null, fileRenewed, (f, now) => {
    const issuedOn = input.issuedOn ?? f.issuedOn;
    const problems = checkDates(issuedOn, input.expiresOn);
    if (input.expiresOn <= f.expiresOn) problems.push({ path: 'expiresOn', message: `must be later than the current expiry ${f.expiresOn}` });
    if (problems.length > 0) throw new ValidationError(problems);
    return {
      ...f,
      issuedOn,
      expiresOn: input.expiresOn,
      certificateNo: input.certificateNo?.trim() ?? f.certificateNo,
      issuingAuthority: input.issuingAuthority?.trim() ?? f.issuingAuthority,
      scope: input.scope ? [...new Set(input.scope)] : f.scope,
      documents: input.documents ? [...f.documents, ...input.documents] : f.documents,
      archive: input.archive ?? f.archive,
      status: statusByDate(input.expiresOn, dateIn(now, deps.timeZone), deps.expiryWindowDays),
    };
  });
}
