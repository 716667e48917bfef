import { createHash } from 'node:crypto';
import { actorFor, canSee, requireRole, type Identity } from '@metrodesk/access';
import { ConflictError, NotFoundError, ValidationError } from '@metrodesk/errors';
import { uuidv7 } from '@metrodesk/events/model';
import { currentContext } from '@metrodesk/logger';
import type { Category, Instrument, Priority, ServiceRequest } from '../domain/request';
import { NO_SLA } from '../domain/sla';
import { formatNumber, numberSeries, numberYear } from '../domain/number';
import type { RequestsDeps, EnterpriseView } from './ports';
import { filedEvent } from './request-events';
import { checkUpload, storeUploads, type Upload } from './attachments';

export interface FileRequestInput {
  enterpriseId?: string;
  category: Category;
  title: string;
  description: string;
  instruments?: { class: string; count: number; model?: string | null }[];
  siteAddress?: string;
  priority?: Priority;
  preferredTime?: string;
  preferredDate?: string;
}

/** The enterprise a filing is for, if the caller may file for it: their own, or one in a liaison's city. */
export async function enterpriseToFileFor(deps: RequestsDeps, who: Identity, enterpriseId: string | undefined): Promise<EnterpriseView> {
  requireRole(who, 'enterprise', 'liaison', 'city_manager', 'province_manager', 'admin');
  const id = who.role === 'enterprise' ? who.enterpriseId! : enterpriseId;
  if (!id) throw new ValidationError([{ path: 'enterpriseId', message: 'required when filing on behalf of an enterprise' }]);
  if (who.role === 'enterprise' && enterpriseId && enterpriseId !== id) throw new NotFoundError('enterprise', enterpriseId);
  const e = await deps.enterprises.findById(id);
  if (!e || !canSee(who, { cityCode: e.cityCode, enterpriseId: e.id })) throw new NotFoundError('enterprise', id);
  if (e.status !== 'active') throw new ConflictError('enterprise_closed', `Enterprise ${id} is closed and cannot file requests.`);
  return e;
}

export function newRequest(e: EnterpriseView, input: FileRequestInput, by: { userId: string; role: Identity['role']; name?: string }, now: Date, id = uuidv7(now.getTime())): ServiceRequest {
  const instruments: Instrument[] = (input.instruments ?? []).map((i) => ({ class: i.class, count: i.count, model: i.model ?? null }));
  return {
    id,
    number: null,
    enterpriseId: e.id,
    enterpriseName: e.name,
    cityCode: e.cityCode,
    category: input.category,
    title: input.title,
    description: input.description,
    instruments,
    siteAddress: input.siteAddress ?? null,
    priority: input.priority ?? 'normal',
    preferredTime: input.preferredTime ?? null,
    preferredDate: input.preferredDate ?? null,
    state: 'filed',
    assigneeId: null,
    assigneeName: null,
    cycle: 1,
    respondedAt: null,
    solution: null,
    returnVisits: [],
    extensions: [],
    escalation: null,
    attachments: [],
    visits: [],
    benefit: null,
    dueInstruments: [],
    visitProposal: null,
    outcome: null,
    closedAt: null,
    history: [{ at: now, by: by.userId, byRole: by.role, byName: by.name ?? null, action: 'file', from: null, to: 'filed', note: null }],
    comments: [],
    outreachId: null,
    problemId: null,
    source: 'filed',
    filedBy: by.userId,
    filedByRole: by.role,
    filedByName: by.name ?? null,
    filedAt: now,
    updatedAt: now,
    assignedAt: null,
    sla: NO_SLA,
    version: 1,
  };
}

/**
 * The request with its number drawn from the city's series for the filing year. A filing that
 * turns out to be a replay or a duplicate leaves its number unused: numbers are unique, and
 * gaps are the price of never holding a lock across the insert.
 */
export async function numbered(deps: RequestsDeps, r: ServiceRequest): Promise<ServiceRequest> {
  const year = numberYear(r.filedAt);
  const seq = await deps.numbers.next(numberSeries(r.cityCode, year));
  return { ...r, number: formatNumber(r.cityCode, year, seq) };
}

/**
 * Files a request, with its files if any: all or nothing. Every file is checked (size, real
 * type) before anything is stored, and the files are stored before the one insert that records
 * the request with them, so a refused file leaves no request and a stored request has all its
 * files. The Idempotency-Key makes retries safe: the same caller and key return the request
 * the first attempt stored (`replayed`), and the unique index on the key keeps two racing
 * attempts from both inserting.
 */
export async function fileRequest(deps: RequestsDeps, who: Identity, input: FileRequestInput, idempotencyKey: string, uploads: Upload[] = []): Promise<{ request: ServiceRequest; replayed: boolean }> {
  const key = `${who.userId}:${idempotencyKey}`;
  const hasher = createHash('sha256').update(JSON.stringify(input));
  for (const u of uploads) hasher.update(`\0${u.fileName}\0`).update(u.data);
  const hash = hasher.digest('base64url');
  const reuse = (found: { request: ServiceRequest; hash: string | null }) => {
    if (found.hash !== hash) throw new ConflictError('idempotency_key_reused', `Idempotency-Key ${idempotencyKey} was already used for a different filing (request ${found.request.id}).`, { requestId: found.request.id });
    return { request: found.request, replayed: true };
  };
  const checked = uploads.map((upload) => ({ upload, type: checkUpload(upload) }));
  const e = await enterpriseToFileFor(deps, who, input.enterpriseId);
  // Without files the insert's unique index answers "seen before" in the same round trip; with
  // files, a retry is found first so that it does not store the files a second time.
  if (checked.length > 0) {
    const seen = await deps.requests.findByIdempotencyKey(key);
    if (seen) return reuse(seen);
  }
  const filed = await numbered(deps, newRequest(e, input, who, deps.now?.() ?? new Date()));
  const files = await storeUploads(deps, who, filed, checked, filed.filedAt);
  const r: ServiceRequest = { ...filed, attachments: files.attachments, history: [...filed.history, ...files.history] };
  const stored = await deps.requests.insert(r, [filedEvent(r, currentContext().correlationId, actorFor(who))], { key, hash });
  if (!stored.created) return reuse(stored);
  return { request: stored.request, replayed: false };
}
