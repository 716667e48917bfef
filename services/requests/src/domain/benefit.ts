import { ConflictError } from '@metrodesk/errors';
import type { Benefit, HistoryEntry, ServiceRequest } from './request';
import type { Role } from '@metrodesk/access';

/** A benefit is what the work brought: it can be told only once the work is resolved. */
export const BENEFIT_STATES = ['resolved', 'closed'] as const;

export interface BenefitInput {
  text: string | null;
  amountYuan: number | null;
  banners: number;
  letters: number;
}

export interface BenefitDecision {
  next: ServiceRequest;
  history: HistoryEntry;
  /** False when the record says what it said already: nothing to save or publish. */
  changed: boolean;
}

/** Yuan to the fen, so sums of amounts stay exact enough to print. */
const toFen = (yuan: number) => Math.round(yuan * 100) / 100;

/** Records (or replaces) the request's benefit and commendations. Pure. */
export function decideBenefit(r: ServiceRequest, input: BenefitInput, by: { userId: string; role: Role }, at: Date): BenefitDecision {
  if (!(BENEFIT_STATES as readonly string[]).includes(r.state)) {
    throw new ConflictError('illegal_transition', `A benefit is recorded on a resolved or closed request; it is ${r.state.replace(/_/g, ' ')}.`, { state: r.state, action: 'record_benefit' });
  }
  const text = input.text?.trim() || null;
  const amountYuan = input.amountYuan === null ? null : toFen(input.amountYuan);
  const benefit: Benefit = { text, amountYuan, banners: input.banners, letters: input.letters, by: by.userId, at };
  const before = r.benefit;
  const changed = !before || before.text !== text || before.amountYuan !== amountYuan || before.banners !== input.banners || before.letters !== input.letters;
  const parts = [text, amountYuan !== null ? `¥${amountYuan}` : null, input.banners ? `锦旗 × ${input.banners}` : null, input.letters ? `感谢信 × ${input.letters}` : null].filter(Boolean);
  const history: HistoryEntry = { at, by: by.userId, byRole: by.role, action: 'record_benefit', from: r.state, to: r.state, note: parts.join(' · ') || null };
  return { next: { ...r, benefit, updatedAt: at }, history, changed };
}
