import { CHANNELS, KINDS, type Channel, type DigestPeriod, type EmailMode, type Kind } from './kinds';

/** What a person chose not to receive: kinds by channel, and requests they muted. */
export interface Preferences {
  userId: string;
  /** `kind:channel` pairs switched off; everything else is on. */
  off: string[];
  /** `kind:daily` / `kind:weekly`: kinds whose emails wait for the person's digest. */
  digest: string[];
  muted: string[];
}

export const noPreferences = (userId: string): Preferences => ({ userId, off: [], digest: [], muted: [] });

export function wantsChannel(p: Preferences, kind: Kind, channel: Channel, requestId: string | null): boolean {
  return !(requestId !== null && p.muted.includes(requestId)) && !p.off.includes(`${kind}:${channel}`);
}

/** How this kind reaches the person by email; off when the email channel is off for it. */
export function emailMode(p: Preferences, kind: Kind): EmailMode {
  if (p.off.includes(`${kind}:email`)) return 'off';
  return (p.digest.find((d) => d.startsWith(`${kind}:`))?.slice(kind.length + 1) as DigestPeriod | undefined) ?? 'immediately';
}

export type EmailTable = Record<Kind, EmailMode>;
export const emailTable = (p: Preferences): EmailTable => Object.fromEntries(KINDS.map((k) => [k, emailMode(p, k)])) as EmailTable;

export type ChannelTable = Record<Kind, Record<Channel, boolean>>;

export function table(p: Preferences): ChannelTable {
  return Object.fromEntries(KINDS.map((k) => [k, Object.fromEntries(CHANNELS.map((c) => [c, !p.off.includes(`${k}:${c}`)]))])) as ChannelTable;
}

export interface Choices {
  channels?: Partial<Record<Kind, Partial<Record<Channel, boolean>>>>;
  email?: Partial<Record<Kind, EmailMode>>;
}

/**
 * Applies a partial table of choices to the stored preferences. An email mode decides the
 * email channel too: `off` switches it off, any other switches it on.
 */
export function withChoices(p: Preferences, choices: Choices): Preferences {
  const off = new Set(p.off);
  const digest = new Map(p.digest.map((d) => [d.slice(0, d.indexOf(':')), d]));
  for (const [kind, channels] of Object.entries(choices.channels ?? {})) {
    for (const [channel, on] of Object.entries(channels ?? {})) {
      if (on) off.delete(`${kind}:${channel}`);
      else off.add(`${kind}:${channel}`);
    }
  }
  for (const [kind, mode] of Object.entries(choices.email ?? {})) {
    if (mode === 'off') off.add(`${kind}:email`);
    else off.delete(`${kind}:email`);
    if (mode === 'daily' || mode === 'weekly') digest.set(kind, `${kind}:${mode}`);
    else if (mode === 'immediately') digest.delete(kind);
  }
  return { ...p, off: [...off].sort(), digest: [...digest.values()].sort() };
}
