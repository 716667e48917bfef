// requests branch: contracts/http/requests.yaml
import { api, download, upload } from './http';
import type { Page } from './identity';

export const CATEGORIES = ['verification_calibration', 'emergency_verification', 'management_system', 'test_solution', 'product_development', 'training_request', 'energy_metrology', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];
export const PRIORITIES = ['normal', 'urgent', 'emergency'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const STATES = ['filed', 'assigned', 'responded', 'in_progress', 'waiting_enterprise', 'resolved', 'closed', 'withdrawn'] as const;
export type State = (typeof STATES)[number];
export const SOLUTION_KINDS = ['on_site_verification', 'lab_calibration', 'technical_advice', 'management_system_help', 'training', 'test_solution', 'referral', 'other'] as const;
export type SolutionKind = (typeof SOLUTION_KINDS)[number];
export type SlaState = 'none' | 'on_track' | 'warning' | 'breached' | 'met';

export interface Clock {
  status: 'running' | 'paused' | 'met' | 'breached';
  deadline: string;
  warning: number | null;
  breached: boolean;
  at: string;
}

export interface Sla {
  cycle: number;
  response: Clock | null;
  resolution: Clock | null;
  state: SlaState;
  nextDeadline: string | null;
}

export interface Attachment {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  uploadedByName?: string | null;
  uploadedByRole?: string | null;
  uploadedAt: string;
}

/** How a request came in: the enterprise itself, staff on its behalf, or an outreach visit's finding. */
export type Channel = 'portal' | 'on_behalf' | 'outreach';

export interface Request {
  id: string;
  /** Human-readable, e.g. 210100-2026-000123; null on requests filed before numbers existed. */
  number: string | null;
  enterpriseId: string;
  enterpriseName: string | null;
  cityCode: string;
  category: Category;
  title: string;
  description: string;
  instruments: { class: string; count: number; model: string | null }[];
  siteAddress: string | null;
  priority: Priority;
  preferredTime: string | null;
  preferredDate?: string | null;
  state: State;
  assigneeId: string | null;
  assigneeName: string | null;
  filedByRole?: string;
  filedByName?: string | null;
  channel?: Channel;
  cycle: number;
  respondedAt: string | null;
  solution: { text: string; solved: boolean; kind: SolutionKind; by: string; at: string } | null;
  returnVisits: { cycle: number; satisfaction: number; satisfied: boolean; comment: string | null; contactName?: string | null; at: string }[];
  extensions: { id: string; workingDays: number; reason: string; status: 'pending' | 'approved' | 'rejected'; requestedAt: string }[];
  escalation: { level: 'city' | 'province'; reason: string; at: string; source?: 'manual' | 'sla' } | null;
  attachments: Attachment[];
  visits?: Visit[];
  /** What the request brought the enterprise and the commendations received; null until recorded. */
  benefit?: Benefit | null;
  /** What needs the liaison now; the console shows each in words. */
  attention?: 'visit_flagged'[];
  source?: 'filed' | 'outreach' | 'proactive';
  /** Proactive requests: the registered instruments falling due, each with its result once known. */
  dueInstruments?: DueInstrument[];
  /** Proactive requests: the visit day the bureau proposed and whether the enterprise accepted it. */
  visitProposal?: VisitProposal | null;
  outcome?: 'satisfied' | 'no_answer' | null;
  closedAt?: string | null;
  filedAt: string;
  updatedAt: string;
  sla?: Sla | null;
  version: number;
}

export type InstrumentClass = 'pressure_gauge' | 'gas_alarm' | 'flow_meter' | 'electricity_meter';

export interface DueInstrument {
  instrumentId: string;
  instrumentClass: InstrumentClass;
  model: string | null;
  serialNo: string;
  location: string | null;
  compulsory: boolean;
  nextDueOn: string;
  overdue: boolean;
  result: { outcome: 'verified' | 'verified_elsewhere'; certificateNo: string; verifiedOn: string; attachmentId: string | null; by: string; at: string } | null;
}

export interface VisitProposal {
  date: string;
  byName: string | null;
  at: string;
  acceptedAt: string | null;
}

/** One instrument's result as the enterprise (verified elsewhere) or the bureau (verified) states it. */
export interface InstrumentResultInput {
  instrumentId: string;
  certificateNo: string;
  verifiedOn: string;
  attachmentId?: string | null;
}

export interface Benefit {
  text: string | null;
  amountYuan: number | null;
  banners: number;
  letters: number;
  by: string;
  at: string;
}

export type VisitSlot = 'morning' | 'afternoon';
export const VISIT_SLOTS: VisitSlot[] = ['morning', 'afternoon'];

export interface Visit {
  id: string;
  cycle: number;
  date: string;
  slot: VisitSlot;
  siteAddress: string | null;
  instruments: { class: string; count: number }[];
  verifiers: { personKey: string; name: string; instituteUscc: string; instituteName: string | null; userId: string | null }[];
  status: 'scheduled' | 'cancelled' | 'completed';
  flags: { at: string; personKey: string; verifierName: string; certificateNo: string | null; reason: string }[];
  cancelReason: string | null;
  result: { verified: { class: string; count: number }[]; freeOfCharge: boolean; certificateNos: string[]; note: string | null; by: string; at: string } | null;
}

export interface Verifier {
  personKey: string;
  name: string;
  instituteUscc: string;
  instituteName: string | null;
  cityCode: string | null;
  userId: string | null;
  userName: string | null;
  qualified: boolean;
  reasons: string[];
}

export interface VerifierList {
  date: string;
  classes: string[];
  institutes: { uscc: string; name: string | null; cityCode: string | null; verifiers: Verifier[] }[];
}

export interface VisitPlan {
  version: number;
  date: string;
  slot: VisitSlot;
  siteAddress?: string;
  instruments?: { class: string; count: number }[];
  verifierKeys: string[];
}

/** Closed or withdrawn: the request takes no more comments or files. */
export const isTerminal = (s: State) => s === 'closed' || s === 'withdrawn';

/** How long after closing the enterprise may reopen its request with a complaint. */
export const REOPEN_WINDOW_DAYS = 30;

export function canReopen(r: Pick<Request, 'state' | 'closedAt' | 'updatedAt'>, now = Date.now()): boolean {
  return r.state === 'closed' && now - Date.parse(r.closedAt ?? r.updatedAt) <= REOPEN_WINDOW_DAYS * 86400_000;
}

export interface HistoryEntry {
  at: string;
  by: string;
  byRole: string;
  action: string;
  from: State | null;
  to: State;
  note: string | null;
  byName?: string | null;
  assigneeName?: string | null;
}

/** The liaison's latest question: the answer box shows what it answers. */
export function lastQuestion(history: readonly HistoryEntry[]): string | null {
  return history.findLast((h) => h.action === 'ask')?.note ?? null;
}

export interface Comment {
  id: string;
  at: string;
  by: string;
  byRole: string;
  byName?: string | null;
  visibility: 'public' | 'internal';
  body: string;
}

export interface Timeline {
  requestId: string;
  state: State;
  version: number;
  history: HistoryEntry[];
  comments: Comment[];
  sla?: Sla | null;
}

export interface FileRequest {
  enterpriseId?: string;
  category: Category;
  title: string;
  description: string;
  instruments?: { class: string; count: number }[];
  siteAddress?: string;
  priority?: Priority;
  preferredTime?: string;
  preferredDate?: string;
}

export interface RequestFilter {
  state?: string;
  slaState?: string;
  category?: string;
  priority?: string;
  dueWithinHours?: number;
  cityCode?: string;
  assigneeId?: string;
  enterpriseId?: string;
  q?: string;
  sort?: 'deadline' | 'newest';
  limit?: number;
  cursor?: string;
}

const r = (id: string, tail = '') => `/requests/requests/${encodeURIComponent(id)}${tail}`;
const act = <B>(id: string, action: string) => (body: B) => api<Request>(r(id, `/${action}`), { method: 'POST', body });

/**
 * Files a request with its files in one call: the service checks every file before it files
 * anything, so a refused file leaves no request behind.
 */
export function fileRequest(body: FileRequest, idempotencyKey: string, files: File[] = [], onProgress: (f: number) => void = () => undefined) {
  const headers = { 'Idempotency-Key': idempotencyKey };
  if (files.length === 0) return api<Request>('/requests/requests', { method: 'POST', body, headers });
  const form = new FormData();
  form.append('request', JSON.stringify(body));
  for (const f of files) form.append('files', f, f.name);
  return upload<Request>('/requests/requests', form, undefined, onProgress, headers);
}
export const listRequests = (f: RequestFilter) => api<Page<Request> & { total: number }>('/requests/requests', { query: { ...f } });
/** The requests of a filter as an XLSX workbook in the user's language. */
export const exportRequests = ({ limit: _l, cursor: _c, ...f }: RequestFilter & { lang: 'zh-CN' | 'en' }, fileName: string, onProgress?: (fraction: number | null) => void) =>
  download('/requests/requests/export', { ...f }, fileName, onProgress);
export const getRequest = (id: string) => api<Request>(r(id));
export const getTimeline = (id: string) => api<Timeline>(r(id, '/timeline'));
export const addComment = (id: string, body: string, visibility: 'public' | 'internal') => api<{ comment: Comment; request: Request }>(r(id, '/comments'), { method: 'POST', body: { body, visibility } });
export const addAttachment = (id: string, file: File, onProgress: (f: number) => void) => {
  const form = new FormData();
  form.append('file', file, file.name);
  return upload<Attachment>(r(id, '/attachments'), form, undefined, onProgress);
};
export const attachmentPath = (id: string, attachmentId: string) => r(id, `/attachments/${encodeURIComponent(attachmentId)}`);

export const respond = (id: string, version: number, note?: string) => act<{ version: number; note?: string }>(id, 'respond')({ version, note });
export const startWork = (id: string, version: number, note?: string) => act<{ version: number; note?: string }>(id, 'start')({ version, note });
export const ask = (id: string, version: number, question: string) => act<{ version: number; question: string }>(id, 'ask')({ version, question });
export const answer = (id: string, version: number, answerText: string) => act<{ version: number; answer: string }>(id, 'answer')({ version, answer: answerText });
export const resolve = (id: string, body: { version: number; text: string; solved: boolean; kind: SolutionKind }) => act<typeof body>(id, 'resolve')(body);
export const returnVisit = (id: string, body: { version: number; satisfaction: number; satisfied: boolean; comment?: string; contactName?: string }) => act<typeof body>(id, 'return-visit')(body);
export const reopen = (id: string, version: number, reason: string) => act<{ version: number; reason: string }>(id, 'reopen')({ version, reason });
export const escalate = (id: string, body: { version: number; level: 'city' | 'province'; reason: string }) => act<typeof body>(id, 'escalate')(body);
export const requestExtension = (id: string, body: { version: number; workingDays: number; reason: string }) => act<typeof body>(id, 'extensions')(body);
export const decideExtension = (id: string, extensionId: string, approve: boolean, version: number) =>
  api<Request>(r(id, `/extensions/${encodeURIComponent(extensionId)}/${approve ? 'approve' : 'reject'}`), { method: 'POST', body: { version } });
export const recordBenefit = (id: string, body: { version: number; text: string | null; amountYuan: number | null; banners: number; letters: number }) =>
  api<Request>(r(id, '/benefit'), { method: 'PUT', body });
export const proposeVisit = (id: string, version: number, date: string) => api<Request>(r(id, '/visit-proposal'), { method: 'POST', body: { version, date } });
export const acceptVisit = (id: string, version: number) => api<Request>(r(id, '/visit-proposal/accept'), { method: 'POST', body: { version } });
export const declineInstruments = (id: string, version: number, items: InstrumentResultInput[]) => api<Request>(r(id, '/instruments/decline'), { method: 'POST', body: { version, items } });
export const recordVerifiedInstruments = (id: string, version: number, items: Omit<InstrumentResultInput, 'attachmentId'>[]) =>
  api<Request>(r(id, '/instruments/verified'), { method: 'POST', body: { version, items } });
export const withdraw = (id: string, version: number, reason?: string) => act<{ version: number; reason?: string }>(id, 'withdraw')({ version, reason });

export const listVerifiers = (q: { cityCode?: string; institute?: string; classes?: string[]; date?: string }) =>
  api<VerifierList>('/requests/requests/verifiers', { query: { cityCode: q.cityCode, institute: q.institute, classes: q.classes?.join(','), date: q.date } });
export const linkVerifier = (personKey: string, link: { userId: string | null; userName: string | null }) =>
  api<Verifier>(`/requests/requests/verifiers/${encodeURIComponent(personKey)}/user`, { method: 'PUT', body: link });
export const scheduleVisit = (id: string, body: VisitPlan) => api<Request>(r(id, '/visits'), { method: 'POST', body });
export const rescheduleVisit = (id: string, visitId: string, body: VisitPlan) => api<Request>(r(id, `/visits/${encodeURIComponent(visitId)}`), { method: 'PUT', body });
export const cancelVisit = (id: string, visitId: string, version: number, reason: string) =>
  api<Request>(r(id, `/visits/${encodeURIComponent(visitId)}/cancel`), { method: 'POST', body: { version, reason } });
export const completeVisit = (id: string, visitId: string, body: { version: number; verified: { class: string; count: number }[]; freeOfCharge: boolean; certificateNos?: string[]; note?: string }) =>
  api<Request>(r(id, `/visits/${encodeURIComponent(visitId)}/complete`), { method: 'POST', body });
