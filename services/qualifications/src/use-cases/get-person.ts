import { isProvinceWide, type Identity } from '@metrodesk/access';
import { NotFoundError, ValidationError } from '@metrodesk/errors';
import { checkIdNumber, decryptId, personKey } from '@metrodesk/privacy';
import type { QualificationFile } from '../domain/qualification';
import { readScope } from './access';
import type { Person, QualificationsDeps } from './ports';

export interface PersonView {
  personKey: string;
  name: string;
  /** Full only for the roles allowed to see ID numbers; otherwise the last 4 characters. */
  idNumber: string;
  idNumberMasked: boolean;
  files: QualificationFile[];
}

const MAX_FILES = 500;

function view(deps: QualificationsDeps, who: Identity, p: Person, files: QualificationFile[]): PersonView {
  const full = deps.privacy.fullIdRoles.includes(who.role);
  return { personKey: p.personKey, name: p.name, idNumber: full ? decryptId(deps.privacy.encryptionKey, p.idNumberEncrypted) : p.idMasked, idNumberMasked: !full, files };
}

/** A person and the qualifications the caller may see; a city role sees a person only through a file in its city. */
export async function getPerson(deps: QualificationsDeps, who: Identity, key: string): Promise<PersonView> {
  const scope = await readScope(deps, who);
  const person = await deps.persons.findByKey(key);
  const files = person ? (await deps.files.list({ scope, personKey: key }, { limit: MAX_FILES, sort: 'id' })).items : [];
  if (!person || (files.length === 0 && !isProvinceWide(who))) throw new NotFoundError('person', key);
  return view(deps, who, person, files);
}

/** Look-up by ID number, sent in a body so the number never sits in a URL or an access log. */
export async function lookupPerson(deps: QualificationsDeps, who: Identity, idNumber: string): Promise<PersonView> {
  await readScope(deps, who);
  const id = checkIdNumber(idNumber);
  if (!id.ok) throw new ValidationError([{ path: 'idNumber', message: `invalid ID number: ${id.reason}` }]);
  return getPerson(deps, who, personKey(deps.privacy.hashKey, id.idNumber));
}
