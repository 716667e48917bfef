import { randomUUID } from 'node:crypto';
import { ConflictError } from '@metrodesk/errors';
import { FLAG_NAMES, type Enterprise, type FlagName, type Flags } from './enterprise';
import { applyFlagRequest, integrityFlags, type Records } from './records';

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
  /** Names of changed fields, flags as `flags.<name>`, `records` for the records; empty when nothing changed. */
  changed: string[];
  flagChanges: FlagChange[];
}

export const normalizeTags = (tags: string[]): string[] => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies the given fields, flags and (from a record command) records to an enterprise. Fields left undefined stay as they
 * are. The version is not bumped here: the write that stores the result does that.
 */
export function planChange(current: Enterprise, fields: Partial<EnterpriseFields>, flags: Partial<Flags> = {}, now: Date = new Date(), records?: Records): Change {
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
  // The integrity flags follow from the records: a flag asked for by hand becomes a record first.
  const integrityAsked = flags.integrityCommitment !== undefined || flags.integrityCommitmentSignedOn !== undefined || flags.integrityDemonstration !== undefined;
  const today = now.toISOString().slice(0, 10);
  next.records = integrityAsked ? applyFlagRequest(records ?? current.records, flags, { today, newId: randomUUID }) : (records ?? current.records);
  Object.assign(next.flags, {
    contactPoint: flags.contactPoint ?? current.flags.contactPoint,
    keyEnergyUnit: flags.keyEnergyUnit ?? current.flags.keyEnergyUnit,
    ...integrityFlags(next.records),
  });
  const flagChanges: FlagChange[] = FLAG_NAMES.filter((f) => next.flags[f] !== current.flags[f]).map((flag) => ({ flag, value: next.flags[flag] }));
  changed.push(...flagChanges.map((f) => `flags.${f.flag}`));
  if (next.flags.integrityCommitmentSignedOn !== current.flags.integrityCommitmentSignedOn && !changed.includes('flags.integrityCommitment')) changed.push('flags.integrityCommitmentSignedOn');
  if (!same(next.records, current.records)) changed.push('records');
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
