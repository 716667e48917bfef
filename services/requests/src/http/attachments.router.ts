import { Router } from 'express';
import { identityOf } from '@metrodesk/http';
import { ValidationError } from '@metrodesk/errors';
import type { RequestsDeps } from '../use-cases/ports';
import { addAttachment, getAttachment } from '../use-cases/attachments';
import { attachmentDto } from './dto';
import { singleFile, uploadOf } from './uploads';

export function attachmentsRouter(deps: RequestsDeps): Router {
  const r = Router();
  r.post('/requests/:id/attachments', singleFile, async (req, res) => {
    const file = req.file;
    if (!file) throw new ValidationError([{ path: 'file', message: 'a multipart field named "file" is required' }]);
    const a = await addAttachment(deps, identityOf(req), String(req.params.id), uploadOf(file));
    res.status(201).json(attachmentDto(a));
  });
  r.get('/requests/:id/attachments/:attachmentId', async (req, res) => {
    const { attachment, data } = await getAttachment(deps, identityOf(req), String(req.params.id), String(req.params.attachmentId));
    res.type(attachment.contentType).attachment(attachment.fileName).send(data);
  });
  return r;
}
