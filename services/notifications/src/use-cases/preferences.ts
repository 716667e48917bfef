import type { Identity } from '@metrodesk/access';
import { emailTable, table, withChoices, type ChannelTable, type Choices, type EmailTable } from '../domain/preferences';
import type { PreferencesRepository } from './ports';

export interface PreferencesView {
  channels: ChannelTable;
  /** Per kind: email at once, in the daily or weekly digest, or none. */
  email: EmailTable;
  mutedRequests: string[];
}

/** Everyone sets their own preferences only. */
export async function myPreferences(deps: { preferences: PreferencesRepository }, who: Identity): Promise<PreferencesView> {
  const p = await deps.preferences.get(who.userId);
  return { channels: table(p), email: emailTable(p), mutedRequests: p.muted };
}

export async function choose(deps: { preferences: PreferencesRepository }, who: Identity, choices: Choices): Promise<PreferencesView> {
  await deps.preferences.setChoices(withChoices(await deps.preferences.get(who.userId), choices));
  return myPreferences(deps, who);
}

export async function muteRequest(deps: { preferences: PreferencesRepository }, who: Identity, requestId: string, muted: boolean): Promise<PreferencesView> {
  await deps.preferences.mute(who.userId, requestId, muted);
  return myPreferences(deps, who);
}
