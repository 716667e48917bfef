import { Router, type Request } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract } from '@metrodesk/http';
import { SOLUTION_KINDS } from '@metrodesk/contracts';
import { uuidv7 } from '@metrodesk/events';
import type { Command } from '../domain/decide';
import { returnVisitAction } from '../domain/decide';
import type { RequestsDeps } from '../use-cases/ports';
import { actOnRequest } from '../use-cases/act-on-request';
import { requestDto, type Api } from './dto';

const version = z.number().int().min(1);
const text = (max = 2000) => z.string().trim().min(1).max(max);

const assignBody = z.object({ version, assigneeId: z.string().min(1) }).strict();
const noteBody = z.object({ version, note: z.string().trim().max(2000).optional() }).strict();
const askBody = z.object({ version, question: text() }).strict();
const answerBody = z.object({ version, answer: z.string().trim().max(2000).optional() }).strict();
const resolveBody = z.object({ version, text: text(5000), solved: z.boolean(), kind: z.enum(SOLUTION_KINDS) }).strict();
const returnVisitBody = z
  .object({ version, satisfaction: z.number().int().min(1).max(5), satisfied: z.boolean(), comment: z.string().trim().max(2000).optional(), contactName: z.string().trim().min(1).max(100).optional() })
  .strict();
const reopenBody = z.object({ version, reason: text() }).strict();
const escalateBody = z.object({ version, level: z.enum(['city', 'province']), reason: text() }).strict();
const extensionBody = z.object({ version, workingDays: z.number().int().min(1).max(60), reason: text() }).strict();
const withdrawBody = z.object({ version, reason: z.string().trim().max(2000).optional() }).strict();

// The contract and the handler schemas must describe the same bodies.
checkContract<z.infer<typeof assignBody>, Api['Assign']>(true);
checkContract<z.infer<typeof noteBody>, Api['Note']>(true);
checkContract<z.infer<typeof askBody>, Api['Ask']>(true);
checkContract<z.infer<typeof answerBody>, Api['Answer']>(true);
checkContract<z.infer<typeof resolveBody>, Api['Resolve']>(true);
checkContract<z.infer<typeof returnVisitBody>, Api['ReturnVisit']>(true);
checkContract<z.infer<typeof reopenBody>, Api['Reopen']>(true);
checkContract<z.infer<typeof escalateBody>, Api['Escalate']>(true);
checkContract<z.infer<typeof extensionBody>, Api['RequestExtension']>(true);
checkContract<z.infer<typeof withdrawBody>, Api['Withdraw']>(true);

interface Route<S extends z.ZodType> {
  path: string;
  body: S;
  command: (b: z.infer<S>, req: Request) => Command;
}
const route = <S extends z.ZodType>(path: string, body: S, command: (b: z.infer<S>, req: Request) => Command): Route<S> => ({ path, body, command });

/** One POST per lifecycle action; each takes the version the caller saw and returns the request after it. */
const ROUTES = [
  route('assign', assignBody, (b) => ({ action: 'assign', assigneeId: b.assigneeId })),
  route('respond', noteBody, (b) => ({ action: 'respond', note: b.note })),
  route('start', noteBody, (b) => ({ action: 'start', note: b.note })),
  route('ask', askBody, (b) => ({ action: 'ask', question: b.question })),
  route('answer', answerBody, (b) => ({ action: 'answer', answer: b.answer })),
  route('resolve', resolveBody, (b) => ({ action: 'resolve', text: b.text, solved: b.solved, kind: b.kind })),
  route('return-visit', returnVisitBody, (b) => ({ action: returnVisitAction(b.satisfied), satisfaction: b.satisfaction, comment: b.comment, contactName: b.contactName })),
  route('reopen', reopenBody, (b) => ({ action: 'reopen', reason: b.reason })),
  route('escalate', escalateBody, (b) => ({ action: 'escalate', level: b.level, reason: b.reason })),
  route('extensions', extensionBody, (b) => ({ action: 'request_extension', extensionId: uuidv7(), workingDays: b.workingDays, reason: b.reason })),
  route('extensions/:extensionId/approve', noteBody, (b, req) => ({ action: 'approve_extension', extensionId: String(req.params.extensionId), note: b.note })),
  route('extensions/:extensionId/reject', noteBody, (b, req) => ({ action: 'reject_extension', extensionId: String(req.params.extensionId), note: b.note })),
  route('withdraw', withdrawBody, (b) => ({ action: 'withdraw', reason: b.reason })),
] as Route<z.ZodType>[];

export function actionsRouter(deps: RequestsDeps): Router {
  const r = Router();
  for (const { path, body, command } of ROUTES) {
    r.post(`/requests/:id/${path}`, async (req, res) => {
      const b = parseWith(body, req.body) as { version: number };
      const saved = await actOnRequest(deps, identityOf(req), String(req.params.id), b.version, command(b, req));
      res.json(requestDto(saved));
    });
  }
  return r;
}
