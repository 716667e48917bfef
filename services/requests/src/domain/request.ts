import { REQUEST_CATEGORIES, REQUEST_SOURCES, PRIORITIES } from '@metrodesk/contracts';
import type { Role } from '@metrodesk/access';
import type { RequestState, SolutionKind, Action } from './lifecycle';
import type { SlaView } from './sla';
import type { DueInstrument, VisitProposal } from './due-instruments';

export type VisitAction = 'visit_scheduled' | 'visit_rescheduled' | 'visit_cancelled' | 'visit_completed' | 'visit_flagged';
/** What happens to a proactive request's registered instruments and its proposed visit day. */
export type DueAction = 'instruments_added' | 'visit_proposed' | 'visit_accepted' | 'instruments_declined' | 'instruments_verified';

export type Category = (typeof REQUEST_CATEGORIES)[number];
export type RequestSource = (typeof REQUEST_SOURCES)[number];
export type Priority = (typeof PRIORITIES)[number];

export interface Instrument {
  class: string;
  count: number;
  model: string | null;
}

export interface Solution {
  text: string;
  solved: boolean;
  kind: SolutionKind;
  by: string;
  at: Date;
}

export interface ReturnVisit {
  cycle: number;
  satisfaction: number;
  satisfied: boolean;
  comment: string | null;
  /** The enterprise contact staff spoke to on the phone; null when the enterprise recorded it. */
  contactName: string | null;
  by: string;
  byRole: Role;
  at: Date;
}

export interface Extension {
  id: string;
  workingDays: number;
  reason: string;
  requestedBy: string;
  requestedAt: Date;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: Date | null;
  note: string | null;
}

export interface Escalation {
  level: 'city' | 'province';
  reason: string;
  by: string;
  at: Date;
  /** sla: the policy's escalation step, learnt from assignment; manual: someone escalated it. */
  source?: 'manual' | 'sla';
}

export type VisitSlot = 'morning' | 'afternoon';

/** A verifier as the visit names them, copied from the qualification files when scheduled. */
export interface VisitVerifier {
  personKey: string;
  name: string;
  instituteUscc: string;
  instituteName: string | null;
  userId: string | null;
}

/** A verifier who stopped qualifying after the visit was scheduled. */
export interface VisitFlag {
  at: Date;
  personKey: string;
  verifierName: string;
  certificateNo: string | null;
  reason: string;
  /** The file version that raised it, so a repeated event flags once. */
  fileId: string | null;
  fileVersion: number | null;
}

export interface VisitResult {
  verified: { class: string; count: number }[];
  freeOfCharge: boolean;
  certificateNos: string[];
  note: string | null;
  by: string;
  at: Date;
}

/** On-site work on the request: a day and half-day, a site, instruments and the verifiers who go. */
export interface Visit {
  id: string;
  cycle: number;
  date: string;
  slot: VisitSlot;
  siteAddress: string | null;
  instruments: { class: string; count: number }[];
  verifiers: VisitVerifier[];
  status: 'scheduled' | 'cancelled' | 'completed';
  flags: VisitFlag[];
  scheduledBy: string;
  scheduledAt: Date;
  cancelReason: string | null;
  result: VisitResult | null;
}

/** What the request brought the enterprise, as the bureau recorded it last. */
export interface Benefit {
  /** The benefit in the liaison's words (money saved, energy saved, a product approved). */
  text: string | null;
  /** The benefit in yuan, when it can be put in money. */
  amountYuan: number | null;
  /** Commendations received for the work: 锦旗 banners and 感谢信 letters. */
  banners: number;
  letters: number;
  by: string;
  at: Date;
}

export type CloseOutcome = 'satisfied' | 'no_answer';

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedBy: string;
  /** Who uploaded it in words; older attachments lack both. */
  uploadedByName?: string | null;
  uploadedByRole?: Role;
  uploadedAt: Date;
}

export interface HistoryEntry {
  at: Date;
  by: string;
  byRole: Role;
  action: Action | 'file' | 'comment' | 'attach' | VisitAction | 'record_benefit' | DueAction;
  from: RequestState | null;
  to: RequestState;
  note: string | null;
  /** The actor's name as their identity carried it; entries of older requests lack it. */
  byName?: string | null;
  /** The liaison an assignment or transfer gave the request to, by name, when the event named them. */
  assigneeName?: string | null;
}

export interface Comment {
  id: string;
  at: Date;
  by: string;
  byRole: Role;
  byName?: string | null;
  visibility: 'public' | 'internal';
  body: string;
}

export interface ServiceRequest {
  id: string;
  /** The human-readable number (domain/number.ts); null on requests filed before numbers existed. */
  number: string | null;
  enterpriseId: string;
  enterpriseName: string | null;
  cityCode: string;
  category: Category;
  title: string;
  description: string;
  instruments: Instrument[];
  siteAddress: string | null;
  priority: Priority;
  /** The enterprise's words ("工作日上午"): shown, never parsed. */
  preferredTime: string | null;
  /** A structured preferred day (YYYY-MM-DD), only when the filer gave one. */
  preferredDate: string | null;
  state: RequestState;
  assigneeId: string | null;
  /** The assignee's name as the assignment service named them; null when it did not. */
  assigneeName: string | null;
  /** SLA cycle: 1, then +1 for each redo after an unsatisfied return visit. */
  cycle: number;
  respondedAt: Date | null;
  solution: Solution | null;
  returnVisits: ReturnVisit[];
  extensions: Extension[];
  escalation: Escalation | null;
  attachments: Attachment[];
  visits: Visit[];
  /** Null until someone records it on the resolved request. */
  benefit: Benefit | null;
  /** How a closed request ended and when; both null while it is open. */
  outcome: CloseOutcome | null;
  closedAt: Date | null;
  history: HistoryEntry[];
  comments: Comment[];
  outreachId: string | null;
  problemId: string | null;
  source: RequestSource;
  /** Proactive requests: the registered instruments falling due, each with its result once known; empty otherwise. */
  dueInstruments: DueInstrument[];
  /** Proactive requests: the visit day the bureau proposed, and whether the enterprise accepted it. */
  visitProposal: VisitProposal | null;
  /** The due events already merged into this request, so a redelivered one adds nothing. */
  dueEventIds?: string[];
  filedBy: string;
  filedByRole: Role;
  filedByName?: string | null;
  filedAt: Date;
  updatedAt: Date;
  /** When the assignment service last set the assignee; older assignment events are ignored. */
  assignedAt: Date | null;
  sla: SlaView;
  version: number;
  /** Brought in from the bureau's earlier system (POST /requests/import); absent on requests filed here. */
  imported?: ImportRecord;
}

/** What an imported request keeps of its import: where it came from, and what its visits verified. */
export interface ImportRecord {
  externalRef: string;
  instrumentsVerified: { class: string; count: number }[];
  freeOfCharge: boolean;
  by: string;
  at: Date;
}

/** Lower-cased title, description and instruments, for keyword search without $text. */
export function searchTextOf(r: Pick<ServiceRequest, 'title' | 'description' | 'instruments' | 'enterpriseName' | 'siteAddress'>): string {
  return [r.title, r.description, r.enterpriseName ?? '', r.siteAddress ?? '', ...r.instruments.map((i) => `${i.class} ${i.model ?? ''}`)].join(' ').toLowerCase();
}

/** What needs the liaison now, for the queue: a scheduled visit whose verifier no longer qualifies. */
export function attentionOf(r: Pick<ServiceRequest, 'visits'>): 'visit_flagged'[] {
  return r.visits.some((v) => v.status === 'scheduled' && v.flags.length > 0) ? ['visit_flagged'] : [];
}

/**
 * How a request reached the bureau: the enterprise itself, staff on its behalf (after a phone
 * call), a problem found on an outreach visit, or opened by the bureau for the enterprise's
 * instruments falling due (未诉先办).
 */
export type FilingChannel = 'portal' | 'on_behalf' | 'outreach' | 'proactive';

export function channelOf(r: Pick<ServiceRequest, 'filedByRole' | 'outreachId' | 'problemId' | 'source'>): FilingChannel {
  if (r.source === 'proactive') return 'proactive';
  if (r.outreachId || r.problemId) return 'outreach';
  return r.filedByRole === 'enterprise' ? 'portal' : 'on_behalf';
}
