// requests branch: contracts/http/requests.yaml
import { api, download, upload } from './http';
import type { http } from '@metrodesk/contracts';

/** The shapes of contracts/http/requests.yaml, generated: a contract change breaks this build. */
type Schemas = http.requests.components['schemas'];

export type Category = Schemas['Category'];
export const CATEGORIES = ['verification_calibration', 'emergency_verification', 'management_system', 'test_solution', 'product_development', 'training_request', 'energy_metrology', 'other'] as const satisfies readonly Category[];
export type Priority = Schemas['Priority'];
export const PRIORITIES = ['normal', 'urgent', 'emergency'] as const satisfies readonly Priority[];
export type State = Schemas['State'];
export const STATES = ['filed', 'assigned', 'responded', 'in_progress', 'waiting_enterprise', 'resolved', 'closed', 'withdrawn'] as const satisfies readonly State[];
export type SolutionKind = Schemas['SolutionKind'];
export const SOLUTION_KINDS = ['on_site_verification', 'lab_calibration', 'technical_advice', 'management_system_help', 'training', 'test_solution', 'referral', 'other'] as const satisfies readonly SolutionKind[];
export type Clock = Schemas['Clock'];
export type Sla = Schemas['Sla'];
export type SlaState = Sla['state'];
export type Attachment = Schemas['Attachment'];
export type Request = Schemas['Request'];
/** How a request came in: the enterprise itself, staff on its behalf, or an outreach visit's finding. */
export type Channel = Request['channel'];
export type Benefit = Schemas['Benefit'];
export type Visit = Schemas['Visit'];
export type VisitSlot = Visit['slot'];
export const VISIT_SLOTS = ['morning', 'afternoon'] as const satisfies readonly VisitSlot[];
export type Verifier = Schemas['Verifier'];
export type VerifierList = Schemas['VerifierList'];
export type VisitPlan = Schemas['ScheduleVisit'];
export type DueInstrument = Schemas['DueInstrument'];
export type InstrumentClass = DueInstrument['instrumentClass'];
export type VisitProposal = Schemas['VisitProposal'];
/** One instrument's result as the enterprise (verified elsewhere) or the bureau (verified) states it. */
export type InstrumentResultInput = Schemas['DeclineInstruments']['items'][number];

/** Closed or withdrawn: the request takes no more comments or files. */
export const isTerminal = (s: State) => s === 'closed' || s === 'withdrawn';

/** How long after closing the enterprise may reopen its request with a complaint. */
export const REOPEN_WINDOW_DAYS = 30;

export function canReopen(r: Pick<Request, 'state' | 'closedAt' | 'updatedAt'>, now = Date.now()): boolean {
  return r.state === 'closed' && now - Date.parse(r.closedAt ?? r.updatedAt) <= REOPEN_WINDOW_DAYS * 86400_000;
}

export type HistoryEntry = Schemas['HistoryEntry'];

/** The liaison's latest question: the answer box shows what it answers. */
export function lastQuestion(history: readonly HistoryEntry[]): string | null {
  return history.findLast((h) => h.action === 'ask')?.note ?? null;
}

export type Comment = Schemas['Comment'];
export type Timeline = Schemas['Timeline'];
export type FileRequest = Schemas['FileRequest'];

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
export const listRequests = (f: RequestFilter) => api<Schemas['RequestPage']>('/requests/requests', { query: { ...f } });
/** The requests of a filter as an XLSX workbook or a CSV file (UTF-8 with BOM) in the user's language. */
export const exportRequests = ({ limit: _l, cursor: _c, ...f }: RequestFilter & { lang: 'zh-CN' | 'en'; format?: 'xlsx' | 'csv' }, fileName: string, onProgress?: (fraction: number | null) => void) =>
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
