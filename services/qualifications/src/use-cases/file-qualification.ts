import { eventFor, uuidv7 } from '@metrodesk/events/model';
import { fileFiled } from '@metrodesk/contracts';
import { isProvinceWide, type Identity } from '@metrodesk/access';
import { ForbiddenError, ValidationError, type FieldProblem } from '@metrodesk/errors';
import { checkIdNumber, encryptId, maskId, personKey } from '@metrodesk/privacy';
import { dateIn } from '../domain/dates';
import {
  checkDates,
  cityOf,
  findType,
  historyEntry,
  PrerequisiteMissingError,
  statusByDate,
  toSnapshot,
  type ArchiveLocation,
  type DocumentMeta,
  type QualificationFile,
} from '../domain/qualification';
import { requireFiler, requireInCity } from './access';
import type { QualificationsDeps } from './ports';

export interface FileInput extends Pick<QualificationFile, 'type' | 'scope' | 'certificateNo' | 'issuingAuthority' | 'issuedOn' | 'expiresOn'> {
  person: { idNumber: string; name: string };
  employer: { uscc: string; name: string };
  cityCode?: string;
  documents?: DocumentMeta[];
  archive?: ArchiveLocation;
}

/**
 * Files one qualification: checks the ID number, dates and type, the caller's city, and the
 * type's prerequisites against the training the service has heard of; then records the person
 * (once per ID number) and the file with its `filed` event in one write.
 */
export async function fileQualification(deps: QualificationsDeps, who: Identity, input: FileInput): Promise<QualificationFile> {
  requireFiler(who);
  const problems: FieldProblem[] = [];
  const id = checkIdNumber(input.person.idNumber);
  if (!id.ok) problems.push({ path: 'person.idNumber', message: `invalid ID number: ${id.reason}` });
  problems.push(...checkDates(input.issuedOn, input.expiresOn));
  if (problems.length > 0) throw new ValidationError(problems);
  const type = findType(deps.types(), input.type);
  const cityCode = cityOf(input.employer.uscc, input.cityCode);
  // A city role files for the employers of its city: the city the USCC was registered in, not one the caller names.
  const registered = cityOf(input.employer.uscc);
  if (!isProvinceWide(who) && registered && cityCode !== registered) {
    throw new ForbiddenError(`The employer ${input.employer.uscc.toUpperCase()} is registered in ${registered}; a city can file only for its own employers.`);
  }
  requireInCity(who, cityCode);

  const idNumber = (id as { idNumber: string }).idNumber;
  const key = personKey(deps.privacy.hashKey, idNumber);
  const required = type.prerequisites.map((p) => p.courseCode);
  const passed = new Set(await deps.training.passedCourses(key, required));
  const missing = type.prerequisites.filter((p) => !passed.has(p.courseCode));
  if (missing.length > 0) throw new PrerequisiteMissingError(type.code, missing);

  const now = deps.now?.() ?? new Date();
  const name = input.person.name.trim();
  await deps.persons.upsert({ personKey: key, name, idNumberEncrypted: encryptId(deps.privacy.encryptionKey, idNumber), idMasked: maskId(idNumber), createdAt: now, updatedAt: now });
  const file: QualificationFile = {
    id: uuidv7(now.getTime()),
    personKey: key,
    personName: name,
    type: type.code,
    scope: [...new Set(input.scope)],
    certificateNo: input.certificateNo.trim(),
    issuingAuthority: input.issuingAuthority.trim(),
    issuedOn: input.issuedOn,
    expiresOn: input.expiresOn,
    status: statusByDate(input.expiresOn, dateIn(now, deps.timeZone), deps.expiryWindowDays),
    employer: { uscc: input.employer.uscc.toUpperCase(), name: input.employer.name.trim() },
    cityCode,
    documents: input.documents ?? [],
    archive: input.archive ?? null,
    history: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const entry = historyEntry(file, 'filed', who.userId, now, null);
  file.history.push(entry);
  await deps.files.insert(file, entry, [eventFor(fileFiled, { subject: file.id, data: toSnapshot(file), source: 'qualifications', time: now })]);
  deps.notify();
  return file;
}
