import { createHash } from 'node:crypto';
import { REQUEST_CATEGORIES } from '@metrodesk/contracts';
import { currentContext } from '@metrodesk/logger';
import type { Category } from '../domain/request';
import type { RequestsDeps } from './ports';
import { newRequest, numbered } from './file-request';
import { filedEvent } from './request-events';

export interface ProblemFound {
  outreachId: string;
  problemId: string;
  enterpriseId: string;
  cityCode: string;
  liaisonId: string;
  category: string;
  title: string;
  description: string;
}

/** A stable request id per problem, so however often the event comes, one request exists. */
export const requestIdForProblem = (problemId: string) => stableRequestId(`outreach-problem:${problemId}`);

/** The same request id for the same name, whatever delivers it how often. */
export function stableRequestId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Files the request a liaison's outreach found, linked to the outreach entry. */
export async function fileFromProblem(deps: RequestsDeps, p: ProblemFound, at: Date): Promise<{ created: boolean; requestId: string }> {
  const id = requestIdForProblem(p.problemId);
  if (await deps.requests.findById(id)) return { created: false, requestId: id };
  const known = await deps.enterprises.findById(p.enterpriseId);
  const enterprise = { id: p.enterpriseId, name: known?.name ?? '', cityCode: p.cityCode, status: 'active' as const, version: known?.version ?? 0 };
  const category: Category = (REQUEST_CATEGORIES as readonly string[]).includes(p.category) ? (p.category as Category) : 'other';
  const r = await numbered(deps, {
    ...newRequest(enterprise, { category, title: p.title, description: p.description }, { userId: p.liaisonId, role: 'liaison' }, at, id),
    enterpriseName: known?.name ?? null,
    outreachId: p.outreachId,
    problemId: p.problemId,
    source: 'outreach' as const,
  });
  const stored = await deps.requests.insert(r, [filedEvent(r, currentContext().correlationId)]);
  return { created: stored.created, requestId: id };
}
