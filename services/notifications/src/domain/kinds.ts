/** What a notification is about; each kind has its words in every language (messages.ts). */
export const KINDS = [
  'request_received',
  'request_responded',
  'question_asked',
  'request_resolved',
  'request_closed',
  'assigned_to_you',
  'enterprise_answered',
  'sla_warning',
  'sla_breached',
  'return_unsatisfied',
  'unroutable',
  'escalated',
  'response_deadline',
  'visit_scheduled',
  'visit_rescheduled',
  'visit_flagged',
  'qualification_expiring',
  'instruments_overdue',
  'return_visit_due',
  'city_daily_digest',
  'province_weekly_digest',
] as const;
export type Kind = (typeof KINDS)[number];

export const CHANNELS = ['inapp', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * How a person wants a kind by email: each at once, gathered into one digest a day or a week,
 * or not at all. The inbox always has it at once.
 */
export const EMAIL_MODES = ['immediately', 'daily', 'weekly', 'off'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];
export type DigestPeriod = Extract<EmailMode, 'daily' | 'weekly'>;

/** Who among the people of a request a notification is meant for, before the access rules. */
export type Audience =
  | { to: 'enterprise' }
  | { to: 'assignee' }
  | { to: 'city_managers' }
  | { to: 'province_managers' }
  | { to: 'users'; userIds: string[] };

/** Details a message may quote besides the request itself. */
export interface Details {
  threshold?: number;
  deadline?: string;
  level?: 'city' | 'province';
  reason?: string;
  /** A visit's day (YYYY-MM-DD), half day and verifiers by name. */
  visitDate?: string;
  slot?: 'morning' | 'afternoon';
  verifiers?: string[];
  /** The verifier whose qualification lapsed before the visit. */
  verifierName?: string;
  /** A qualification file about to expire: whose, what, until when. */
  personName?: string;
  qualification?: string;
  expiresOn?: string;
  daysLeft?: number;
  /** Compulsory instruments past due in a city: how many, at how many enterprises, the oldest due day, the scan's day. */
  overdueCount?: number;
  enterpriseCount?: number;
  oldestDueOn?: string;
  runDate?: string;
  /** A manager's digest, written in each language when it is put together. */
  digest?: Record<'zh-CN' | 'en', { subject: string; body: string }>;
}

/** One thing that happened and who should hear of it. */
export interface Trigger {
  eventId: string;
  kind: Kind;
  requestId: string;
  audiences: Audience[];
  details: Details;
  /** Emergency requests are mailed even in quiet hours. */
  urgent: boolean;
  at: string;
}
