import { REQUEST_CATEGORIES, PRIORITIES } from '@metrodesk/contracts';
import type { Role } from '@metrodesk/access';
import type { RequestState, SolutionKind, Action } from './lifecycle';
import type { SlaView } from './sla';

export type Category = (typeof REQUEST_CATEGORIES)[number];
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
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedBy: string;
  uploadedAt: Date;
}

export interface HistoryEntry {
  at: Date;
  by: string;
  byRole: Role;
  action: Action | 'file' | 'comment' | 'attach';
  from: RequestState | null;
  to: RequestState;
  note: string | null;
}

export interface Comment {
  id: string;
  at: Date;
  by: string;
  byRole: Role;
  visibility: 'public' | 'internal';
  body: string;
}

export interface ServiceRequest {
  id: string;
  enterpriseId: string;
  enterpriseName: string | null;
  cityCode: string;
  category: Category;
  title: string;
  description: string;
  instruments: Instrument[];
  siteAddress: string | null;
  priority: Priority;
  preferredTime: string | null;
  state: RequestState;
  assigneeId: string | null;
  /** SLA cycle: 1, then +1 for each redo after an unsatisfied return visit. */
  cycle: number;
  respondedAt: Date | null;
  solution: Solution | null;
  returnVisits: ReturnVisit[];
  extensions: Extension[];
  escalation: Escalation | null;
  attachments: Attachment[];
  history: HistoryEntry[];
  comments: Comment[];
  outreachId: string | null;
  problemId: string | null;
  filedBy: string;
  filedByRole: Role;
  filedAt: Date;
  updatedAt: Date;
  /** When the assignment service last set the assignee; older assignment events are ignored. */
  assignedAt: Date | null;
  sla: SlaView;
  version: number;
}

/** Lower-cased title, description and instruments, for keyword search without $text. */
export function searchTextOf(r: Pick<ServiceRequest, 'title' | 'description' | 'instruments' | 'enterpriseName' | 'siteAddress'>): string {
  return [r.title, r.description, r.enterpriseName ?? '', r.siteAddress ?? '', ...r.instruments.map((i) => `${i.class} ${i.model ?? ''}`)].join(' ').toLowerCase();
}
