import type { http } from '@metrodesk/contracts';
import type { Campaign } from '../domain/campaign';
import type { Activity } from '../domain/activity';

export type Api = http.programmes.components['schemas'];

export function toCampaignDto(c: Campaign): Api['Campaign'] {
  return { ...c, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() };
}

export function toActivityDto(a: Activity): Api['Activity'] {
  return { ...a, createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString() };
}
