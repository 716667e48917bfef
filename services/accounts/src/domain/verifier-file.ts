import { INSTRUMENT_CLASS_WORDS } from '@metrodesk/contracts';
import type { InstrumentClass } from './instrument';
import type { MonthSpan } from './instrument-planning';

/** What planning needs of a qualification file, as the qualifications service announces it. */
export interface VerifierFile {
  fileId: string;
  version: number;
  personKey: string;
  cityCode: string | null;
  type: string;
  scope: string[];
  issuedOn: string;
  expiresOn: string;
  status: 'valid' | 'expiring' | 'expired' | 'revoked' | 'suspended';
}

const norm = (s: string) => s.trim().toLowerCase();

/** Files name a class by its code, the code in words ("pressure gauge"), or its Chinese or English name. */
const CLASS_NAMES = Object.fromEntries(
  (Object.keys(INSTRUMENT_CLASS_WORDS) as InstrumentClass[]).map((c) => [c, new Set([c, c.replace(/_/g, ' '), norm(INSTRUMENT_CLASS_WORDS[c].en), norm(INSTRUMENT_CLASS_WORDS[c]['zh-CN'])])]),
) as Record<InstrumentClass, Set<string>>;

/**
 * A file that lets its holder verify the class on site for the whole month: a verifier file,
 * valid (or expiring) and in force from the month's first day through its last, the same test
 * requests applies to a visit's verifiers on the visit day.
 */
export const coversMonth = (f: VerifierFile, cls: InstrumentClass, span: MonthSpan) =>
  norm(f.type) === 'verifier' && (f.status === 'valid' || f.status === 'expiring') && f.issuedOn <= span.first && span.last <= f.expiresOn && f.scope.some((s) => CLASS_NAMES[cls].has(norm(s)));

/** Distinct people of the city qualified for the class through the month. */
export function qualifiedVerifiers(files: VerifierFile[], cityCode: string, cls: InstrumentClass, span: MonthSpan): number {
  return new Set(files.filter((f) => f.cityCode === cityCode && coversMonth(f, cls, span)).map((f) => f.personKey)).size;
}
