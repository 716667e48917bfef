import { ConflictError, ValidationError } from '@metrodesk/errors';
import { FLAG_NAMES, type Enterprise, type FlagName, type Flags } from './enterprise';

/** The fields an update (by hand or by import) may change; USCC and province never change. */
export interface EnterpriseFields {
  name: string;
  nameEn: string | null;
  cityCode: string;
  districtCode: string | null;
  address: string | null;
  industry: string | null;
  size: string | null;
  tags: string[];
}
export const EDITABLE_FIELDS = ['name', 'nameEn', 'cityCode', 'districtCode', 'address', 'industry', 'size', 'tags'] as const satisfies readonly (keyof EnterpriseFields)[];

export interface FlagChange {
  flag: FlagName;
  value: boolean;
}

export interface Change {
  next: Enterprise;
  /** Names of changed fields, flags as `flags.<name>`; empty when nothing changed. */
  changed: string[];
  flagChanges: FlagChange[];
}

export const normalizeTags = (tags: string[]): string[] => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies the given fields and flags to an enterprise. Fields left undefined stay as they
 * are. The version is not bumped here: the write that stores the result does that.
 */
export function planChange(current: Enterprise, fields: Partial<EnterpriseFields>, flags: Partial<Flags> = {}, now: Date = new Date()): Change {
  const next: Enterprise = { ...current, flags: { ...current.flags }, tags: [...current.tags] };
  const changed: string[] = [];
  for (const key of EDITABLE_FIELDS) {
    const raw = fields[key];
    if (raw === undefined) continue;
    const value = key === 'tags' ? normalizeTags(raw as string[]) : typeof raw === 'string' ? raw.trim() || (key === 'name' ? raw : null) : raw;
    if (!same(current[key], value)) {
      (next as unknown as Record<string, unknown>)[key] = value;
      changed.push(key);
    }
  }
  const flagChanges: FlagChange[] = [];
  for (const flag of FLAG_NAMES) {
    const value = flags[flag];
    if (value === undefined || value === current.flags[flag]) continue;
    next.flags[flag] = value;
    flagChanges.push({ flag, value });
    changed.push(`flags.${flag}`);
  }
  if (flags.integrityCommitmentSignedOn !== undefined || next.flags.integrityCommitment !== current.flags.integrityCommitment) {
    const signedOn = next.flags.integrityCommitment ? (flags.integrityCommitmentSignedOn ?? current.flags.integrityCommitmentSignedOn) : null;
    if (next.flags.integrityCommitment && !signedOn) throw new ValidationError([{ path: 'signedOn', message: 'an integrity commitment needs the date it was signed' }]);
    if (signedOn !== current.flags.integrityCommitmentSignedOn) {
      next.flags.integrityCommitmentSignedOn = signedOn;
      if (!changed.includes('flags.integrityCommitment')) changed.push('flags.integrityCommitmentSignedOn');
    }
  }
  if (changed.length > 0) next.updatedAt = now;
  return { next, changed, flagChanges };
}

/** Closing and reopening are the only status transitions. */
export function transition(current: Enterprise, to: 'closed' | 'active', now: Date = new Date()): Enterprise {
  if (current.status === to) {
    throw new ConflictError(to === 'closed' ? 'enterprise_already_closed' : 'enterprise_not_closed', `The enterprise ${current.id} is already ${to}.`, { currentStatus: current.status });
  }
  return { ...current, status: to, updatedAt: now };
}
