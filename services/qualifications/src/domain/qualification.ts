import { ConflictError, DomainError, ValidationError, type FieldProblem } from '@metrodesk/errors';
import { QUALIFICATION_STATUSES } from '@metrodesk/contracts';
import { addDays, isDate } from './dates';

export type QualificationStatus = (typeof QUALIFICATION_STATUSES)[number];

/** A course a person must have passed before a file of this type may be filed. */
export interface Prerequisite {
  courseCode: string;
  title?: string;
}

/** Qualification types are data (data/qualification-types.json), not code. */
export interface QualificationType {
  code: string;
  name: string;
  nameEn?: string;
  prerequisites: Prerequisite[];
}

export interface DocumentMeta {
  kind: string;
  title: string;
  fileName?: string;
  pages?: number;
  receivedOn?: string;
}

export interface ArchiveLocation {
  box: string;
  number: string;
}

export interface Employer {
  uscc: string;
  name: string;
}

export type HistoryAction = 'filed' | 'renewed' | 'expiring' | 'expired' | 'revoked' | 'suspended' | 'reinstated';

/** One entry per change, with the state after it: the file's full history. */
export interface HistoryEntry {
  action: HistoryAction;
  at: Date;
  by: string;
  fromStatus: QualificationStatus | null;
  status: QualificationStatus;
  certificateNo: string;
  issuedOn: string;
  expiresOn: string;
  scope: string[];
  reason: string | null;
}

export interface QualificationFile {
  id: string;
  personKey: string;
  personName: string;
  type: string;
  scope: string[];
  certificateNo: string;
  issuingAuthority: string;
  issuedOn: string;
  expiresOn: string;
  status: QualificationStatus;
  employer: Employer;
  cityCode: string | null;
  documents: DocumentMeta[];
  archive: ArchiveLocation | null;
  history: HistoryEntry[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export class PrerequisiteMissingError extends DomainError {
  constructor(type: string, missing: Prerequisite[]) {
    const names = missing.map((p) => (p.title ? `${p.courseCode} (${p.title})` : p.courseCode)).join(', ');
    super('prerequisite_missing', 422, `A ${type} file needs a passed training course first; missing: ${names}.`, { missing: missing.map((p) => p.courseCode) });
  }
}

/** The status a file's dates give it on `today`; revoked and suspended are decisions, never dates. */
export function statusByDate(expiresOn: string, today: string, windowDays: number): 'valid' | 'expiring' | 'expired' {
  if (expiresOn < today) return 'expired';
  if (expiresOn <= addDays(today, windowDays)) return 'expiring';
  return 'valid';
}

/** The automatic change the daily job makes, or null. Only dates move valid/expiring/expired. */
export function expiryTransition(current: QualificationStatus, expiresOn: string, today: string, windowDays: number): 'expiring' | 'expired' | null {
  if (current !== 'valid' && current !== 'expiring') return null;
  const next = statusByDate(expiresOn, today, windowDays);
  if (next === current || next === 'valid') return null;
  return next;
}

const MANUAL: Record<'revoked' | 'suspended' | 'reinstated' | 'renewed', readonly QualificationStatus[]> = {
  revoked: ['valid', 'expiring', 'expired', 'suspended'],
  suspended: ['valid', 'expiring'],
  reinstated: ['suspended'],
  renewed: ['valid', 'expiring', 'expired'],
};

/** Throws 409 when an action is not allowed from the file's status. */
export function assertAllowed(action: keyof typeof MANUAL, f: Pick<QualificationFile, 'id' | 'status'>): void {
  if (!MANUAL[action].includes(f.status)) {
    throw new ConflictError('illegal_transition', `A ${f.status} file cannot be ${action}; allowed from: ${MANUAL[action].join(', ')}.`, { id: f.id, currentStatus: f.status });
  }
}

export function checkDates(issuedOn: string, expiresOn: string, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isDate(issuedOn)) problems.push({ path: `${prefix}issuedOn`, message: 'must be a real date YYYY-MM-DD' });
  if (!isDate(expiresOn)) problems.push({ path: `${prefix}expiresOn`, message: 'must be a real date YYYY-MM-DD' });
  if (problems.length === 0 && expiresOn <= issuedOn) problems.push({ path: `${prefix}expiresOn`, message: 'must be after issuedOn' });
  return problems;
}

export function findType(types: QualificationType[], code: string): QualificationType {
  const t = types.find((x) => x.code === code);
  if (!t) throw new ValidationError([{ path: 'type', message: `unknown qualification type '${code}'; known: ${types.map((x) => x.code).join(', ')}` }]);
  return t;
}

/** The city a file belongs to for access scoping: given, or the employer USCC's region (positions 3-8). */
export function cityOf(employerUscc: string, given?: string | null): string | null {
  if (given) return given;
  const region = employerUscc.slice(2, 8);
  return /^\d{6}$/.test(region) ? `${region.slice(0, 4)}00` : null;
}

export function historyEntry(f: QualificationFile, action: HistoryAction, by: string, at: Date, fromStatus: QualificationStatus | null, reason: string | null = null): HistoryEntry {
  return { action, at, by, fromStatus, status: f.status, certificateNo: f.certificateNo, issuedOn: f.issuedOn, expiresOn: f.expiresOn, scope: f.scope, reason };
}

/** Event data: the file as of its version, naming the person by key only. */
export function toSnapshot(f: QualificationFile) {
  return {
    fileId: f.id,
    version: f.version,
    personKey: f.personKey,
    personName: f.personName,
    employerUscc: f.employer.uscc,
    employerName: f.employer.name,
    cityCode: f.cityCode,
    type: f.type,
    scope: f.scope,
    certificateNo: f.certificateNo,
    issuedOn: f.issuedOn,
    expiresOn: f.expiresOn,
    status: f.status,
  };
}

/** "238 people from 17 units": distinct people and employers over a set of files. */
export function countPeopleAndUnits(files: Pick<QualificationFile, 'personKey' | 'employer'>[]) {
  const units = new Map<string, { uscc: string; name: string; people: Set<string>; files: number }>();
  const people = new Set<string>();
  for (const f of files) {
    people.add(f.personKey);
    const u = units.get(f.employer.uscc) ?? { uscc: f.employer.uscc, name: f.employer.name, people: new Set<string>(), files: 0 };
    u.people.add(f.personKey);
    u.files += 1;
    units.set(f.employer.uscc, u);
  }
  const byUnit = [...units.values()]
    .map((u) => ({ uscc: u.uscc, name: u.name, people: u.people.size, files: u.files }))
    .sort((a, b) => b.people - a.people || a.uscc.localeCompare(b.uscc));
  return { files: files.length, people: people.size, units: units.size, byUnit };
}
