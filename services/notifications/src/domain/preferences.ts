import { CHANNELS, KINDS, type Channel, type Kind } from './kinds';

/** What a person chose not to receive: kinds by channel, and requests they muted. */
export interface Preferences {
  userId: string;
  /** `kind:channel` pairs switched off; everything else is on. */
  off: string[];
  muted: string[];
}

export const noPreferences = (userId: string): Preferences => ({ userId, off: [], muted: [] });

export function wantsChannel(p: Preferences, kind: Kind, channel: Channel, requestId: string | null): boolean {
  return !(requestId !== null && p.muted.includes(requestId)) && !p.off.includes(`${kind}:${channel}`);
}

export type ChannelTable = Record<Kind, Record<Channel, boolean>>;

export function table(p: Preferences): ChannelTable {
  return Object.fromEntries(KINDS.map((k) => [k, Object.fromEntries(CHANNELS.map((c) => [c, !p.off.includes(`${k}:${c}`)]))])) as ChannelTable;
}

/** Applies a partial table of choices to the stored preferences. */
export function withChoices(p: Preferences, choices: Partial<Record<Kind, Partial<Record<Channel, boolean>>>>): Preferences {
  const off = new Set(p.off);
  for (const [kind, channels] of Object.entries(choices)) {
    for (const [channel, on] of Object.entries(channels ?? {})) {
      if (on) off.delete(`${kind}:${channel}`);
      else off.add(`${kind}:${channel}`);
    }
  }
  return { ...p, off: [...off].sort() };
}
