import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import { ENTERPRISE_SIZES, FLAG_NAMES } from '../domain/enterprise';
import type { AccountsDeps } from '../use-cases/ports';
import { registerEnterprise } from '../use-cases/register-enterprise';
import { getEnterprise } from '../use-cases/get-enterprise';
import { updateEnterprise } from '../use-cases/update-enterprise';
import { setEnterpriseStatus } from '../use-cases/set-enterprise-status';
import { setFlag } from '../use-cases/set-flag';
import { listEnterprises } from '../use-cases/list-enterprises';
import { enterprisesNotVisited } from '../use-cases/enterprises-not-visited';
import { enterpriseFilterQuery, etag, expectedVersion, isoDate, nextCursor, regionCode, toEnterpriseFilter } from './common';
import { toEnterpriseDto } from './dto';

export { toEnterpriseDto };

type Api = http.accounts.components['schemas'];

const flagsBody = z
  .object({
    contactPoint: z.boolean(),
    keyEnergyUnit: z.boolean(),
    integrityCommitment: z.boolean(),
    integrityCommitmentSignedOn: isoDate.nullable(),
    integrityDemonstration: z.boolean(),
  })
  .partial()
  .strict();

const tags = z.array(z.string().trim().min(1).max(50)).max(50);

export const createEnterpriseBody = z
  .object({
    uscc: z.string().trim().length(18, 'must be 18 characters'),
    name: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().max(200).optional(),
    cityCode: regionCode,
    districtCode: regionCode.optional(),
    address: z.string().max(500).optional(),
    industry: z.string().max(100).optional(),
    size: z.enum(ENTERPRISE_SIZES).optional(),
    tags: tags.optional(),
    flags: flagsBody.optional(),
  })
  .strict();

export const updateEnterpriseBody = z
  .object({
    version: z.number().int().positive().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    nameEn: z.string().trim().max(200).nullable().optional(),
    cityCode: regionCode.optional(),
    districtCode: regionCode.nullable().optional(),
    address: z.string().max(500).nullable().optional(),
    industry: z.string().max(100).nullable().optional(),
    size: z.enum(ENTERPRISE_SIZES).nullable().optional(),
    tags: tags.optional(),
  })
  .strict();

export const versionBody = z.object({ version: z.number().int().positive().optional() }).strict();
export const setFlagBody = z.object({ version: z.number().int().positive().optional(), signedOn: isoDate.optional() }).strict();

// The contract and the handler schemas must describe the same bodies.
checkContract<z.infer<typeof createEnterpriseBody>, Api['CreateEnterprise']>(true);
checkContract<z.infer<typeof updateEnterpriseBody>, Api['UpdateEnterprise']>(true);
checkContract<z.infer<typeof versionBody>, Api['VersionOnly']>(true);
checkContract<z.infer<typeof setFlagBody>, Api['SetFlag']>(true);

const flagParam = z.object({ id: z.string(), flag: z.enum(FLAG_NAMES) });
const notVisitedQuery = enterpriseFilterQuery.extend({ days: z.coerce.number().int().min(1).max(3650) });

export function enterprisesRouter(deps: AccountsDeps): Router {
  const r = Router();
  r.get('/enterprises', async (req, res) => {
    const page = await listEnterprises(deps, identityOf(req), toEnterpriseFilter(parseWith(enterpriseFilterQuery, req.query, 'query')));
    res.json({ items: page.items.map(toEnterpriseDto), nextCursor: nextCursor(page.next) });
  });
  r.get('/outreach/not-visited', async (req, res) => {
    const { days, ...q } = parseWith(notVisitedQuery, req.query, 'query');
    const page = await enterprisesNotVisited(deps, identityOf(req), days, toEnterpriseFilter(q));
    res.json({ items: page.items.map(toEnterpriseDto), nextCursor: nextCursor(page.next) });
  });
  r.post('/enterprises', async (req, res) => {
    const body = parseWith(createEnterpriseBody, req.body);
    const e = await registerEnterprise(deps, identityOf(req), body);
    res.status(201).location(`/enterprises/${e.id}`).set('ETag', etag(e.version)).json(toEnterpriseDto(e));
  });
  r.get('/enterprises/:id', async (req, res) => {
    const e = await getEnterprise(deps, identityOf(req), String(req.params.id));
    res.set('ETag', etag(e.version)).json(toEnterpriseDto(e));
  });
  r.patch('/enterprises/:id', async (req, res) => {
    const { version, ...fields } = parseWith(updateEnterpriseBody, req.body);
    const e = await updateEnterprise(deps, identityOf(req), String(req.params.id), expectedVersion(req, version, true)!, fields);
    res.set('ETag', etag(e.version)).json(toEnterpriseDto(e));
  });
  for (const [action, to] of [['close', 'closed'], ['reopen', 'active']] as const) {
    r.post(`/enterprises/:id/${action}`, async (req, res) => {
      const { version } = parseWith(versionBody, req.body ?? {});
      const e = await setEnterpriseStatus(deps, identityOf(req), String(req.params.id), to, expectedVersion(req, version, false));
      res.set('ETag', etag(e.version)).json(toEnterpriseDto(e));
    });
  }
  r.put('/enterprises/:id/flags/:flag', async (req, res) => {
    const { id, flag } = parseWith(flagParam, req.params, 'params');
    const body = parseWith(setFlagBody, req.body ?? {});
    const e = await setFlag(deps, identityOf(req), id, flag, true, { signedOn: body.signedOn, expectedVersion: expectedVersion(req, body.version, false) });
    res.set('ETag', etag(e.version)).json(toEnterpriseDto(e));
  });
  r.delete('/enterprises/:id/flags/:flag', async (req, res) => {
    const { id, flag } = parseWith(flagParam, req.params, 'params');
    const e = await setFlag(deps, identityOf(req), id, flag, false, { expectedVersion: expectedVersion(req, undefined, false) });
    res.set('ETag', etag(e.version)).json(toEnterpriseDto(e));
  });
  return r;
}
