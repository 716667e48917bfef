import type { OutboxEntry } from '@metrodesk/events/model';
import type { Campaign, Programme } from '../domain/campaign';
import type { Activity, VenueKind } from '../domain/activity';
import type { Regions } from '../domain/regions';

/** What the use cases need from the outside; persistence implements it. */
export interface CampaignFilter {
  programme?: Programme;
  /** Campaigns this city takes part in. */
  cityCode?: string;
  /** Campaigns whose period touches this year. */
  year?: number;
}

export interface CampaignRepository {
  insert(c: Campaign, events: OutboxEntry[]): Promise<void>;
  findById(id: string): Promise<Campaign | null>;
  list(filter: CampaignFilter): Promise<Campaign[]>;
}

export interface ActivityFilter {
  campaignId?: string;
  cityCode?: string;
  venueKind?: VenueKind;
  from?: string;
  to?: string;
}

/** One activity per campaign, city, day and venue kind: the key an import row updates. */
export type ActivityKey = Pick<Activity, 'campaignId' | 'cityCode' | 'date' | 'venueKind'>;

export interface ActivityRepository {
  /** A second activity with the same key is ConflictError('activity_exists'). */
  insert(a: Activity, events: OutboxEntry[]): Promise<void>;
  findById(id: string): Promise<Activity | null>;
  findByKey(key: ActivityKey): Promise<Activity | null>;
  /** Oldest first by date; at most `limit`. */
  list(filter: ActivityFilter, limit: number): Promise<Activity[]>;
  /** Versioned update carrying events; stale -> VersionConflictError. */
  update(id: string, expectedVersion: number, patch: Partial<Activity>, events: OutboxEntry[]): Promise<Activity>;
}

export interface ProgrammesDeps {
  campaigns: CampaignRepository;
  activities: ActivityRepository;
  regions: Regions;
  /** Wakes the outbox relay after a write. */
  notify: () => void;
  now?: () => Date;
}
