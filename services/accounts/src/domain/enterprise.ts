import { ValidationError } from '@metrodesk/errors';
import { checkUscc, type RegionData } from '@metrodesk/codes';
import type { Records } from './records';

export const ENTERPRISE_SIZES = ['micro', 'small', 'medium', 'large'] as const;
export const FLAG_NAMES = ['contactPoint', 'keyEnergyUnit', 'integrityCommitment', 'integrityDemonstration'] as const;
export type FlagName = (typeof FLAG_NAMES)[number];

export interface Flags {
  contactPoint: boolean;
  keyEnergyUnit: boolean;
  integrityCommitment: boolean;
  integrityCommitmentSignedOn: string | null;
  integrityDemonstration: boolean;
}

export interface Enterprise {
  id: string;
  uscc: string;
  name: string;
  nameEn: string | null;
  provinceCode: string;
  cityCode: string;
  districtCode: string | null;
  address: string | null;
  industry: string | null;
  size: string | null;
  status: 'active' | 'closed';
  tags: string[];
  flags: Flags;
  /** Integrity and energy records; the integrity flags follow from them. */
  records: Records;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const NO_FLAGS: Flags = { contactPoint: false, keyEnergyUnit: false, integrityCommitment: false, integrityCommitmentSignedOn: null, integrityDemonstration: false };

export type { Region, RegionData } from '@metrodesk/codes';

/** Checks a code's USCC and its place in the region data; throws the field-level errors together. */
export function validateEnterpriseIdentity(input: { uscc: string; cityCode: string; districtCode?: string | null }, regions: RegionData): { uscc: string } {
  const problems: { path: string; message: string }[] = [];
  const uscc = checkUscc(input.uscc);
  if (!uscc.ok) problems.push({ path: 'uscc', message: `invalid Unified Social Credit Code: ${uscc.reason}` });
  const city = regions.cities.find((c) => c.code === input.cityCode);
  if (!city) problems.push({ path: 'cityCode', message: `unknown city ${input.cityCode} in ${regions.province.name} (${regions.province.code})` });
  if (city && input.districtCode) {
    const inCity = input.districtCode.slice(0, 4) === city.code.slice(0, 4);
    const listed = city.districts.length === 0 || city.districts.some((d) => d.code === input.districtCode);
    if (!inCity || !listed) problems.push({ path: 'districtCode', message: `district ${input.districtCode} is not in city ${city.code}` });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return { uscc: (uscc as { code: string }).code };
}

export function toSnapshot(e: Enterprise) {
  return {
    enterpriseId: e.id,
    version: e.version,
    uscc: e.uscc,
    name: e.name,
    nameEn: e.nameEn,
    provinceCode: e.provinceCode,
    cityCode: e.cityCode,
    districtCode: e.districtCode,
    industry: e.industry,
    size: e.size,
    status: e.status,
    tags: e.tags,
    flags: e.flags,
  };
}
