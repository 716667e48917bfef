import type { RequestHandler } from 'express';
import multer from 'multer';
import { ValidationError } from '@metrodesk/errors';
import { MAX_ATTACHMENT_BYTES } from '../domain/content-type';
import { tooLarge, type Upload } from '../use-cases/attachments';

/** The most files one filing may carry. */
export const MAX_FILING_FILES = 10;

/** multer's errors as the one error model; a file over the limit is named. */
function withErrors(parse: RequestHandler): RequestHandler {
  return (req, res, next) => {
    parse(req, res, (err: unknown) => {
      if (!err) return next();
      if (err instanceof multer.MulterError) {
        // multer 2.5 names the file on its errors; its types do not say so yet.
        if (err.code === 'LIMIT_FILE_SIZE') return next(tooLarge((err as { filename?: string }).filename ?? err.field ?? 'file'));
        return next(new ValidationError([{ path: err.field ?? 'file', message: err.message }]));
      }
      // Anything else the multipart parser throws is a malformed body, not a server fault.
      next(new ValidationError([{ path: '(body)', message: `malformed multipart/form-data: ${err instanceof Error ? err.message : String(err)}` }]));
    });
  };
}

// In memory: the magic bytes are checked before anything reaches the storage port.
// Browsers send file names as raw UTF-8 without a charset; multer would read them as latin1.
const parser = (files: number, fields: number) => multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: MAX_ATTACHMENT_BYTES, files, fields } });

/** One file in the field "file". */
export const singleFile: RequestHandler = withErrors(parser(1, 5).single('file'));

/** A filing as multipart: the request's JSON in the field "request" and up to ten files in "files". Other bodies pass untouched. */
export const filingFiles: RequestHandler = withErrors(parser(MAX_FILING_FILES, 1).array('files', MAX_FILING_FILES));

export const uploadOf = (file: Express.Multer.File): Upload => ({ fileName: file.originalname, declaredType: file.mimetype, data: file.buffer });
