import type { Identity } from '@metrodesk/access';
import { table, withChoices, type ChannelTable } from '../domain/preferences';
import type { Channel, Kind } from '../domain/kinds';
import type { PreferencesRepository } from './ports';

export interface PreferencesView {
  channels: ChannelTable;
  mutedRequests: string[];
}

/** Everyone sets their own preferences only. */
export async function myPreferences(deps: { preferences: PreferencesRepository }, who: Identity): Promise<PreferencesView> {
  const p = await deps.preferences.get(who.userId);
  return { channels: table(p), mutedRequests: p.muted };
}

export async function choose(deps: { preferences: PreferencesRepository }, who: Identity, choices: Partial<Record<Kind, Partial<Record<Channel, boolean>>>>): Promise<PreferencesView> {
  await deps.preferences.setChoices(withChoices(await deps.preferences.get(who.userId), choices));
  return myPreferences(deps, who);
}

export async function muteRequest(deps: { preferences: PreferencesRepository }, who: Identity, requestId: string, muted: boolean): Promise<PreferencesView> {
  await deps.preferences.mute(who.userId, requestId, muted);
  return myPreferences(deps, who);
}
