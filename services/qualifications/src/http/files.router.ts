import { Router } from 'express';
import { z } from 'zod';
import { checkContract, identityOf, parseWith, isoDate, regionCode } from '@metrodesk/http';
import { QUALIFICATION_STATUSES } from '@metrodesk/contracts';
import type { QualificationsDeps } from '../use-cases/ports';
import { fileQualification } from '../use-cases/file-qualification';
import { listFiles } from '../use-cases/list-files';
import { summarizeFiles } from '../use-cases/summarize-files';
import { getFile } from '../use-cases/get-file';
import { renewFile } from '../use-cases/renew-file';
import { revokeFile } from '../use-cases/revoke-file';
import { suspendFile } from '../use-cases/suspend-file';
import { reinstateFile } from '../use-cases/reinstate-file';
import { toFileDto, type Api } from './dto';

const date = isoDate;
const version = z.number().int().min(1);
const text = (max: number) => z.string().trim().min(1).max(max);
const scope = z.array(text(100)).max(100);
const documents = z.array(z.object({ kind: text(50), title: text(200), fileName: z.string().max(200).optional(), pages: z.number().int().min(1).optional(), receivedOn: date.optional() }).strict()).max(50);
const archive = z.object({ box: text(50), number: text(50) }).strict();

export const createFileBody = z
  .object({
    person: z.object({ idNumber: z.string().min(1).max(40), name: text(100) }).strict(),
    type: text(50),
    scope,
    certificateNo: text(100),
    issuingAuthority: text(200),
    issuedOn: date,
    expiresOn: date,
    employer: z.object({ uscc: z.string().trim().length(18, 'must be 18 characters'), name: text(200) }).strict(),
    cityCode: regionCode.optional(),
    documents: documents.optional(),
    archive: archive.optional(),
  })
  .strict();
checkContract<z.infer<typeof createFileBody>, Api['CreateFile']>(true);

export const renewBody = z
  .object({ version, expiresOn: date, issuedOn: date.optional(), certificateNo: text(100).optional(), issuingAuthority: text(200).optional(), scope: scope.optional(), documents: documents.optional(), archive: archive.optional(), reason: z.string().max(500).optional() })
  .strict();
checkContract<z.infer<typeof renewBody>, Api['RenewFile']>(true);

export const changeBody = z.object({ version, reason: text(500) }).strict();
checkContract<z.infer<typeof changeBody>, Api['ChangeWithReason']>(true);

export const reinstateBody = z.object({ version }).strict();
checkContract<z.infer<typeof reinstateBody>, Api['Reinstate']>(true);

const statusList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.enum(QUALIFICATION_STATUSES)));
const page = { limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().optional() };
const filters = { employerUscc: z.string().length(18).optional(), type: z.string().optional(), cityCode: regionCode.optional() };
const listQuery = z.object({ ...filters, ...page, personKey: z.string().optional(), status: statusList.optional() }).strict();
const expiringQuery = z.object({ ...filters, ...page, withinDays: z.coerce.number().int().min(0).max(3650).optional() }).strict();
const summaryQuery = z.object({ ...filters, status: statusList.optional() }).strict();

export function filesRouter(deps: QualificationsDeps): Router {
  const r = Router();
  r.post('/files', async (req, res) => {
    const f = await fileQualification(deps, identityOf(req), parseWith(createFileBody, req.body));
    res.status(201).location(`/files/${f.id}`).json(toFileDto(f));
  });
  r.get('/files', async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    const page = await listFiles(deps, identityOf(req), q);
    res.json({ items: page.items.map(toFileDto), nextCursor: page.nextCursor } satisfies Api['FilePage']);
  });
  r.get('/files/expiring', async (req, res) => {
    const { withinDays, ...q } = parseWith(expiringQuery, req.query, 'query');
    const page = await listFiles(deps, identityOf(req), { ...q, expiringWithinDays: withinDays ?? deps.expiryWindowDays });
    res.json({ items: page.items.map(toFileDto), nextCursor: page.nextCursor } satisfies Api['FilePage']);
  });
  r.get('/files/summary', async (req, res) => {
    const q = parseWith(summaryQuery, req.query, 'query');
    res.json((await summarizeFiles(deps, identityOf(req), q)) satisfies Api['FileSummary']);
  });
  r.get('/files/:id', async (req, res) => {
    res.json(toFileDto(await getFile(deps, identityOf(req), String(req.params.id))));
  });
  r.post('/files/:id/renew', async (req, res) => {
    res.json(toFileDto(await renewFile(deps, identityOf(req), String(req.params.id), parseWith(renewBody, req.body))));
  });
  r.post('/files/:id/revoke', async (req, res) => {
    res.json(toFileDto(await revokeFile(deps, identityOf(req), String(req.params.id), parseWith(changeBody, req.body))));
  });
  r.post('/files/:id/suspend', async (req, res) => {
    res.json(toFileDto(await suspendFile(deps, identityOf(req), String(req.params.id), parseWith(changeBody, req.body))));
  });
  r.post('/files/:id/reinstate', async (req, res) => {
    res.json(toFileDto(await reinstateFile(deps, identityOf(req), String(req.params.id), parseWith(reinstateBody, req.body))));
  });
  return r;
}
