import { Router, type RequestHandler } from 'express';
import multer from 'multer';
import { identityOf } from '@metrodesk/http';
import { DomainError, ValidationError } from '@metrodesk/errors';
import { MAX_ATTACHMENT_BYTES } from '../domain/content-type';
import type { RequestsDeps } from '../use-cases/ports';
import { addAttachment, getAttachment } from '../use-cases/attachments';
import { attachmentDto } from './dto';

// In memory: the magic bytes are checked before anything reaches the storage port.
// Browsers send file names as raw UTF-8 without a charset; multer would read them as latin1.
const upload = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5 } }).single('file');

/** multer's errors as the one error model. */
const singleFile: RequestHandler = (req, res, next) => {
  upload(req, res, (err: unknown) => {
    if (!err) return next();
    if (err instanceof multer.MulterError) {
      if (err.code === 'LIMIT_FILE_SIZE') return next(new DomainError('attachment_too_large', 413, `An attachment may be at most ${MAX_ATTACHMENT_BYTES} bytes.`));
      return next(new ValidationError([{ path: err.field ?? 'file', message: err.message }]));
    }
    // Anything else the multipart parser throws is a malformed body, not a server fault.
    next(new ValidationError([{ path: '(body)', message: `malformed multipart/form-data: ${err instanceof Error ? err.message : String(err)}` }]));
  });
};

export function attachmentsRouter(deps: RequestsDeps): Router {
  const r = Router();
  r.post('/requests/:id/attachments', singleFile, async (req, res) => {
    const file = req.file;
    if (!file) throw new ValidationError([{ path: 'file', message: 'a multipart field named "file" is required' }]);
    const a = await addAttachment(deps, identityOf(req), String(req.params.id), { fileName: file.originalname, declaredType: file.mimetype, data: file.buffer });
    res.status(201).json(attachmentDto(a));
  });
  r.get('/requests/:id/attachments/:attachmentId', async (req, res) => {
    const { attachment, data } = await getAttachment(deps, identityOf(req), String(req.params.id), String(req.params.attachmentId));
    res.type(attachment.contentType).attachment(attachment.fileName).send(data);
  });
  return r;
}
