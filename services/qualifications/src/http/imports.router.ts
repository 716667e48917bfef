import express, { Router } from 'express';
import { identityOf } from '@metrodesk/http';
import { DomainError } from '@metrodesk/errors';
import type { QualificationsDeps } from '../use-cases/ports';
import { importFiles } from '../use-cases/import-files';
import { CSV, parseSheet, XLSX } from './sheet.parser';
import type { Api } from './dto';
import { requireFiler } from '../use-cases/access';

export function importsRouter(deps: QualificationsDeps, maxBytes: number): Router {
  const r = Router();
  r.post('/imports/files', express.raw({ type: [CSV, XLSX], limit: maxBytes }), async (req, res) => {
    const type = (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== CSV && type !== XLSX) throw new DomainError('unsupported_media_type', 415, `Send the sheet as ${CSV} or ${XLSX}.`);
    const identity = identityOf(req);
    // The role is checked before the sheet is parsed: parsing costs memory and its errors describe the file.
    requireFiler(identity);
    const rows = await parseSheet(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), type);
    res.json((await importFiles(deps, identity, rows)) satisfies Api['ImportReport']);
  });
  return r;
}
