import type { Identity } from '@metrodesk/access';
import { DomainError, NotFoundError } from '@metrodesk/errors';
import { uuidv7 } from '@metrodesk/events/model';
import { checkContentType, MAX_ATTACHMENT_BYTES } from '../domain/content-type';
import type { Attachment } from '../domain/request';
import type { RequestsDeps } from './ports';
import { getRequest } from './get-request';
import { withRetry } from './add-comment';

export interface Upload {
  fileName: string;
  declaredType: string;
  data: Buffer;
}

const storageKey = (requestId: string, attachmentId: string) => `${requestId}/${attachmentId}`;

/** Stores the file first and then records it, so a recorded attachment always has its bytes. */
export async function addAttachment(deps: RequestsDeps, who: Identity, id: string, upload: Upload): Promise<Attachment> {
  if (upload.data.length > MAX_ATTACHMENT_BYTES) throw new DomainError('attachment_too_large', 413, `An attachment may be at most ${MAX_ATTACHMENT_BYTES} bytes.`);
  const checked = checkContentType(upload.declaredType, upload.data);
  if (!checked.ok) throw new DomainError('unsupported_media_type', 415, `Attachment ${upload.fileName} refused: ${checked.reason}.`);
  const r = await getRequest(deps, who, id);
  const at = deps.now?.() ?? new Date();
  const attachment: Attachment = { id: uuidv7(at.getTime()), fileName: upload.fileName, contentType: checked.type, size: upload.data.length, uploadedBy: who.userId, uploadedAt: at };
  await deps.storage.put(storageKey(r.id, attachment.id), upload.data);
  await withRetry(async () => {
    const current = await getRequest(deps, who, id);
    const history = { at, by: who.userId, byRole: who.role, action: 'attach' as const, from: current.state, to: current.state, note: upload.fileName };
    await deps.requests.save({ ...current, updatedAt: at }, current.version, { attachments: [attachment], history: [history] }, []);
  });
  return attachment;
}

export async function getAttachment(deps: RequestsDeps, who: Identity, id: string, attachmentId: string): Promise<{ attachment: Attachment; data: Buffer }> {
  const r = await getRequest(deps, who, id);
  const attachment = r.attachments.find((a) => a.id === attachmentId);
  const data = attachment ? await deps.storage.get(storageKey(r.id, attachment.id)) : null;
  if (!attachment || !data) throw new NotFoundError('attachment', attachmentId);
  return { attachment, data };
}
