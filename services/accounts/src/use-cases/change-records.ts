import { randomUUID } from 'node:crypto';
import type { Identity } from '@metrodesk/access';
import { checkUscc } from '@metrodesk/codes';
import { ValidationError } from '@metrodesk/errors';
import { canSee } from '@metrodesk/access';
import type { Enterprise } from '../domain/enterprise';
import type { Records } from '../domain/records';
import { planChange } from '../domain/changes';
import type { AccountsDeps } from './ports';
import { requireBureau } from './access';
import { saveChange } from './save-change';

/** The enterprise a record names by USCC: a bad or unknown code (or one outside the caller's area) is a 400 on `uscc`. */
export async function enterpriseByUscc(deps: AccountsDeps, who: Identity, uscc: string): Promise<Enterprise> {
  requireBureau(who);
  const checked = checkUscc(uscc);
  if (!checked.ok) throw new ValidationError([{ path: 'uscc', message: `invalid Unified Social Credit Code: ${checked.reason}` }]);
  const e = await deps.enterprises.findByUscc(checked.code);
  if (!e || !canSee(who, { cityCode: e.cityCode })) throw new ValidationError([{ path: 'uscc', message: `no enterprise with USCC ${checked.code} is registered${e ? ' in your city' : ''}` }]);
  return e;
}

/** Stores new records with the flags they imply and their events, as one versioned write. */
export async function changeRecords(deps: AccountsDeps, current: Enterprise, change: (r: Records, ctx: { today: string; newId: () => string }) => Records, expectedVersion?: number): Promise<Enterprise> {
  const now = deps.now?.() ?? new Date();
  const records = change(current.records, { today: now.toISOString().slice(0, 10), newId: randomUUID });
  return saveChange(deps, current, planChange(current, {}, {}, now, records), expectedVersion, now);
}
