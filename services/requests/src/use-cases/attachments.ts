import type { Identity } from '@metrodesk/access';
import { ConflictError, DomainError, ForbiddenError, NotFoundError } from '@metrodesk/errors';
import { uuidv7 } from '@metrodesk/events/model';
import { checkContentType, MAX_ATTACHMENT_BYTES } from '../domain/content-type';
import { whyNotAttach } from '../domain/permissions';
import type { Attachment, HistoryEntry, ServiceRequest } from '../domain/request';
import type { RequestsDeps } from './ports';
import { getRequest } from './get-request';
import { withRetry } from './add-comment';

export interface Upload {
  fileName: string;
  declaredType: string;
  data: Buffer;
}

export const storageKey = (requestId: string, attachmentId: string) => `${requestId}/${attachmentId}`;

/** The refusal for a file over the limit, naming it, so a filing of several files says which one. */
export function tooLarge(fileName: string): DomainError {
  return new DomainError('attachment_too_large', 413, `Attachment ${fileName} is larger than ${MAX_ATTACHMENT_BYTES} bytes (10 MB).`, { fileName, maxBytes: MAX_ATTACHMENT_BYTES });
}

/** Size and real type of one upload, checked before anything is stored; the refusal names the file. */
export function checkUpload(upload: Upload): string {
  if (upload.data.length > MAX_ATTACHMENT_BYTES) throw tooLarge(upload.fileName);
  const checked = checkContentType(upload.declaredType, upload.data);
  if (!checked.ok) throw new DomainError('unsupported_media_type', 415, `Attachment ${upload.fileName} refused: ${checked.reason}.`, { fileName: upload.fileName });
  return checked.type;
}

/** Stores checked uploads of a request; the attachments and their timeline lines go into the caller's write. */
export async function storeUploads(deps: RequestsDeps, who: Identity, r: Pick<ServiceRequest, 'id' | 'state'>, uploads: { upload: Upload; type: string }[], at: Date): Promise<{ attachments: Attachment[]; history: HistoryEntry[] }> {
  const attachments: Attachment[] = [];
  for (const { upload, type } of uploads) {
    const a: Attachment = { id: uuidv7(at.getTime()), fileName: upload.fileName, contentType: type, size: upload.data.length, uploadedBy: who.userId, uploadedByName: who.name ?? null, uploadedByRole: who.role, uploadedAt: at };
    await deps.storage.put(storageKey(r.id, a.id), upload.data);
    attachments.push(a);
  }
  const history = attachments.map((a): HistoryEntry => ({ at, by: who.userId, byRole: who.role, byName: who.name ?? null, action: 'attach', from: r.state, to: r.state, note: a.fileName }));
  return { attachments, history };
}

const finished = (r: Pick<ServiceRequest, 'state'>) => new ConflictError('request_finished', `The request is ${r.state}; it takes no more files.`, { state: r.state });

/**
 * Adds a file to a request in scope while it is open (until closed or withdrawn: a report may
 * follow the solution). Stores the file first and then records it, so a recorded attachment
 * always has its bytes.
 */
export async function addAttachment(deps: RequestsDeps, who: Identity, id: string, upload: Upload): Promise<Attachment> {
  const type = checkUpload(upload);
  const r = await getRequest(deps, who, id);
  const why = whyNotAttach(who, r);
  if (why === 'role') throw new ForbiddenError('Only the enterprise or bureau staff may add files to a request.');
  if (why === 'state') throw finished(r);
  const at = deps.now?.() ?? new Date();
  const stored = await storeUploads(deps, who, r, [{ upload, type }], at);
  await withRetry(async () => {
    const current = await getRequest(deps, who, id);
    if (whyNotAttach(who, current)) throw finished(current);
    const history = stored.history.map((h) => ({ ...h, from: current.state, to: current.state }));
    await deps.requests.save({ ...current, updatedAt: at }, current.version, { attachments: stored.attachments, history }, []);
  });
  return stored.attachments[0]!;
}

export async function getAttachment(deps: RequestsDeps, who: Identity, id: string, attachmentId: string): Promise<{ attachment: Attachment; data: Buffer }> {
  const r = await getRequest(deps, who, id);
  const attachment = r.attachments.find((a) => a.id === attachmentId);
  const data = attachment ? await deps.storage.get(storageKey(r.id, attachment.id)) : null;
  if (!attachment || !data) throw new NotFoundError('attachment', attachmentId);
  return { attachment, data };
}
