import { Router } from 'express';
import { z } from 'zod';
import { identityOf, parseWith } from '@metrodesk/http';
import { ValidationError } from '@metrodesk/errors';
import type { RequestsDeps } from '../use-cases/ports';
import { addAttachment, getAttachment } from '../use-cases/attachments';
import { attachmentDto } from './dto';
import { singleFile, uploadOf } from './uploads';

const downloadQuery = z.object({ disposition: z.enum(['inline', 'attachment']).default('attachment') }).strict();

/** What a browser shows by itself; any other file is always handed over as a download. */
const VIEWABLE = /^(application\/pdf|image\/(png|jpeg|gif|webp))$/;

export function attachmentsRouter(deps: RequestsDeps): Router {
  const r = Router();
  r.post('/requests/:id/attachments', singleFile, async (req, res) => {
    const file = req.file;
    if (!file) throw new ValidationError([{ path: 'file', message: 'a multipart field named "file" is required' }]);
    const a = await addAttachment(deps, identityOf(req), String(req.params.id), uploadOf(file));
    res.status(201).json(attachmentDto(a));
  });
  r.get('/requests/:id/attachments/:attachmentId', async (req, res) => {
    const { disposition } = parseWith(downloadQuery, req.query, 'query');
    const { attachment, data } = await getAttachment(deps, identityOf(req), String(req.params.id), String(req.params.attachmentId));
    // express names the file (with its UTF-8 form) only for "attachment"; "inline" keeps that naming.
    res.type(attachment.contentType).attachment(attachment.fileName);
    if (disposition === 'inline' && VIEWABLE.test(attachment.contentType)) res.set('Content-Disposition', res.get('Content-Disposition')!.replace(/^attachment/, 'inline'));
    res.send(data);
  });
  return r;
}
