/**
 * Qualification files as the qualifications service announces them, and the gate a visit's
 * verifiers must pass: a file valid on the visit date whose scope covers every instrument class.
 */
export const FILE_STATUSES = ['valid', 'expiring', 'expired', 'revoked', 'suspended'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

/** Qualification types that let a person verify instruments on site. */
export const VERIFIER_TYPES = ['verifier'];

export interface QualificationFile {
  fileId: string;
  version: number;
  personKey: string;
  personName: string;
  employerUscc: string;
  employerName: string | null;
  cityCode: string | null;
  type: string;
  scope: string[];
  certificateNo: string;
  issuedOn: string;
  expiresOn: string;
  status: FileStatus;
}

/** Why a verifier may not make a visit: who, which file (null: none held), which class, which day. */
export interface Refusal {
  personKey: string;
  verifier: string;
  certificateNo: string | null;
  instrumentClass: string | null;
  date: string;
  reason: string;
}

const norm = (s: string) => s.trim().toLowerCase();
export const isVerifierFile = (f: Pick<QualificationFile, 'type'>) => VERIFIER_TYPES.includes(norm(f.type));

const validOn = (f: QualificationFile, date: string) => (f.status === 'valid' || f.status === 'expiring') && f.issuedOn <= date && date <= f.expiresOn;

/** Why this file does not qualify its holder on `date`, in words; null when it does. */
export function fileProblem(f: QualificationFile, date: string): string | null {
  if (f.status === 'revoked') return `certificate ${f.certificateNo} is revoked`;
  if (f.status === 'suspended') return `certificate ${f.certificateNo} is suspended`;
  if (f.expiresOn < date || f.status === 'expired') return `certificate ${f.certificateNo} expires on ${f.expiresOn}, before the visit on ${date}`;
  if (f.issuedOn > date) return `certificate ${f.certificateNo} is valid only from ${f.issuedOn}, after the visit on ${date}`;
  return null;
}

/**
 * Checks one verifier for a visit; the first failing class is reported. A visit without
 * instruments still needs one verifier file valid on the day.
 */
export function checkVerifier(person: { personKey: string; name: string }, files: QualificationFile[], classes: string[], date: string): Refusal | null {
  const own = files.filter(isVerifierFile);
  const refuse = (certificateNo: string | null, instrumentClass: string | null, reason: string): Refusal => ({ personKey: person.personKey, verifier: person.name, certificateNo, instrumentClass, date, reason });
  if (own.length === 0) return refuse(null, classes[0] ?? null, 'holds no verifier qualification file');
  const latest = (fs: QualificationFile[]) => [...fs].sort((a, b) => b.expiresOn.localeCompare(a.expiresOn))[0]!;
  const wanted = [...new Set(classes.map(norm))];
  if (wanted.length === 0) {
    if (own.some((f) => validOn(f, date))) return null;
    const f = latest(own);
    return refuse(f.certificateNo, null, fileProblem(f, date) ?? `no verifier file is valid on ${date}`);
  }
  for (const cls of wanted) {
    const covering = own.filter((f) => f.scope.map(norm).includes(cls));
    if (covering.some((f) => validOn(f, date))) continue;
    const original = classes.find((c) => norm(c) === cls) ?? cls;
    if (covering.length > 0) {
      const f = latest(covering);
      return refuse(f.certificateNo, original, `${fileProblem(f, date) ?? `certificate ${f.certificateNo} is not valid on ${date}`} (instrument class '${original}')`);
    }
    const f = latest(own);
    return refuse(f.certificateNo, original, `certificate ${f.certificateNo} does not cover instrument class '${original}' (scope: ${f.scope.join(', ') || 'none'})`);
  }
  return null;
}

/** The calendar day of an instant in the bureau's zone (Asia/Shanghai has no DST: UTC+8). */
export function localDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
