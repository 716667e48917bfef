import type { SlaDeps } from './ports';

/** Remembers who handles a request, for the per-liaison views; a transfer may move it to another city. */
export async function assignLiaison(deps: Pick<SlaDeps, 'requests' | 'clocks'>, requestId: string, liaisonId: string | null, cityCode?: string): Promise<void> {
  await deps.requests.upsert(requestId, { liaisonId, ...(cityCode ? { cityCode } : {}) });
  await deps.clocks.setLiaison(requestId, liaisonId, cityCode);
}
