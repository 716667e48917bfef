import { requireRole, scopeFilter, type Identity } from '@metrodesk/access';
import { checkVerifier, localDate, VERIFIER_TYPES, type QualificationFile } from '../domain/qualification';
import type { RequestsDeps, VerifierLink } from './ports';

export const STAFF = ['liaison', 'city_manager', 'province_manager', 'admin'] as const;

export interface VerifierView {
  personKey: string;
  name: string;
  instituteUscc: string;
  instituteName: string | null;
  cityCode: string | null;
  userId: string | null;
  userName: string | null;
  qualified: boolean;
  reasons: string[];
  files: QualificationFile[];
}

export interface InstituteView {
  uscc: string;
  name: string | null;
  cityCode: string | null;
  verifiers: VerifierView[];
}

export interface VerifierQuery {
  cityCode?: string;
  institute?: string;
  classes: string[];
  date?: string;
}

/** One verifier's standing for the classes on the date, from all their verifier files. */
export function verifierView(files: QualificationFile[], link: VerifierLink | undefined, classes: string[], date: string): VerifierView {
  const newest = [...files].sort((a, b) => b.version - a.version)[0]!;
  const refusal = checkVerifier({ personKey: newest.personKey, name: newest.personName }, files, classes, date);
  return {
    personKey: newest.personKey,
    name: newest.personName,
    instituteUscc: newest.employerUscc,
    instituteName: newest.employerName,
    cityCode: newest.cityCode,
    userId: link?.userId ?? null,
    userName: link?.userName ?? null,
    qualified: refusal === null,
    reasons: refusal ? [refusal.reason] : [],
    files,
  };
}

/**
 * Testing institutes and their verifiers, each marked qualified or not (and why) for the
 * given instrument classes on the given day, qualified ones first. Staff only; a city role
 * sees its own city's verifiers.
 */
export async function listVerifiers(deps: RequestsDeps, who: Identity, q: VerifierQuery): Promise<{ date: string; classes: string[]; institutes: InstituteView[] }> {
  requireRole(who, ...STAFF);
  const date = q.date ?? localDate(deps.now?.() ?? new Date());
  const own = scopeFilter(who, { city: 'cityCode', enterprise: 'enterpriseId' }).cityCode;
  if (own && q.cityCode && q.cityCode !== own) return { date, classes: q.classes, institutes: [] };
  const files = await deps.qualifications.list({ cityCode: own ?? q.cityCode, employerUscc: q.institute, types: VERIFIER_TYPES });
  const byPerson = new Map<string, QualificationFile[]>();
  for (const f of files) byPerson.set(f.personKey, [...(byPerson.get(f.personKey) ?? []), f]);
  const links = await deps.qualifications.links([...byPerson.keys()]);
  const institutes = new Map<string, InstituteView>();
  for (const [key, own] of byPerson) {
    const v = verifierView(own, links.get(key), q.classes, date);
    const inst = institutes.get(v.instituteUscc) ?? { uscc: v.instituteUscc, name: v.instituteName, cityCode: v.cityCode, verifiers: [] };
    inst.verifiers.push(v);
    institutes.set(v.instituteUscc, inst);
  }
  for (const inst of institutes.values()) inst.verifiers.sort((a, b) => Number(b.qualified) - Number(a.qualified) || a.name.localeCompare(b.name, 'zh-CN'));
  return { date, classes: q.classes, institutes: [...institutes.values()].sort((a, b) => (a.name ?? a.uscc).localeCompare(b.name ?? b.uscc, 'zh-CN')) };
}
