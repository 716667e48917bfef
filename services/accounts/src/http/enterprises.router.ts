import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import { checkContract } from '@metrodesk/http';
import { ENTERPRISE_SIZES } from '../domain/enterprise';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from '../use-cases/ports';
import { registerEnterprise } from '../use-cases/register-enterprise';
import { getEnterprise } from '../use-cases/get-enterprise';

type Api = http.accounts.components['schemas'];

const regionCode = z.string().regex(/^\d{6}$/, 'must be a 6-digit region code');
const flagsBody = z
  .object({
    contactPoint: z.boolean(),
    keyEnergyUnit: z.boolean(),
    integrityCommitment: z.boolean(),
    integrityCommitmentSignedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').nullable(),
    integrityDemonstration: z.boolean(),
  })
  .partial()
  .strict();

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
    tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
    flags: flagsBody.optional(),
  })
  .strict();

// The contract and the handler schema must describe the same body.
checkContract<z.infer<typeof createEnterpriseBody>, Api['CreateEnterprise']>(true);

export function toEnterpriseDto(e: Enterprise): Api['Enterprise'] {
  return { ...e, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString() };
}

export function enterprisesRouter(deps: AccountsDeps): Router {
  const r = Router();
  r.post('/enterprises', async (req, res) => {
    const body = parseWith(createEnterpriseBody, req.body);
    const e = await registerEnterprise(deps, identityOf(req), body);
    res.status(201).location(`/enterprises/${e.id}`).json(toEnterpriseDto(e));
  });
  r.get('/enterprises/:id', async (req, res) => {
    const e = await getEnterprise(deps, identityOf(req), String(req.params.id));
    res.json(toEnterpriseDto(e));
  });
  return r;
}
