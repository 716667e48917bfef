import type { ErrorRequestHandler, Request } from 'express';
import { z } from 'zod';
import { DomainError, ValidationError, type FieldProblem } from '@metrodesk/errors';
import type { Logger } from '@metrodesk/logger';

export const PROBLEM_TYPE_BASE = 'https://metrodesk.dev/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** zod issues as field problems, with dotted paths such as `instruments.0.count`. */
export function zodFields(error: z.ZodError, prefix?: string): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return { path: path || '(body)', message: issue.message };
  });
}

/** Parses input with a zod schema, throwing the one ValidationError on failure. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, where?: 'body' | 'query' | 'params' | 'headers'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const prefix = where && where !== 'body' ? where : undefined;
  throw new ValidationError(zodFields(result.error, prefix));
}

function isMongoUnavailable(err: unknown): boolean {
  return err instanceof Error && /Mongo(Network|ServerSelection|NotConnected|PoolCleared)Error|buffering timed out|connection .* closed|ECONNREFUSED/i.test(`${err.name} ${err.message}`);
}

export function toProblem(err: unknown, req: Pick<Request, 'originalUrl'> & { id?: string }): { problem: Problem; internal: boolean } {
  const base = { instance: req.originalUrl, requestId: req.id };
  if (err instanceof DomainError) {
    return {
      internal: false,
      // Extra fields never override the standard members (a domain `status` field must not become the HTTP status).
      problem: { ...err.extra, type: PROBLEM_TYPE_BASE + err.code, title: TITLES[err.status] ?? 'Error', status: err.status, code: err.code, detail: err.message, ...base },
    };
  }
  if (err instanceof z.ZodError) {
    const fields = zodFields(err);
    return { internal: false, problem: { type: PROBLEM_TYPE_BASE + 'validation_failed', title: 'Bad Request', status: 400, code: 'validation_failed', detail: 'The request has invalid fields.', errors: fields, ...base } };
  }
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (e && e.type === 'entity.too.large') {
    return { internal: false, problem: { type: PROBLEM_TYPE_BASE + 'body_too_large', title: TITLES[413]!, status: 413, code: 'body_too_large', detail: 'The request body is larger than this endpoint accepts.', ...base } };
  }
  if (e && e.type === 'entity.parse.failed') {
    return {
      internal: false,
      problem: { type: PROBLEM_TYPE_BASE + 'malformed_json', title: 'Bad Request', status: 400, code: 'malformed_json', detail: 'The request body is not valid JSON.', errors: [{ path: '(body)', message: 'not valid JSON' }], ...base },
    };
  }
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose) {
    return { internal: false, problem: { type: PROBLEM_TYPE_BASE + 'bad_request', title: TITLES[e.status] ?? 'Bad Request', status: e.status, code: 'bad_request', detail: e.message ?? 'Bad request.', ...base } };
  }
  if (isMongoUnavailable(err)) {
    return { internal: true, problem: { type: PROBLEM_TYPE_BASE + 'service_unavailable', title: TITLES[503]!, status: 503, code: 'service_unavailable', detail: 'The database is unavailable; nothing was written. Try again shortly.', ...base } };
  }
  return { internal: true, problem: { type: PROBLEM_TYPE_BASE + 'internal_error', title: TITLES[500]!, status: 500, code: 'internal_error', detail: 'Something went wrong on our side. Quote the request id when reporting it.', ...base } };
}

/** The one error middleware: every error becomes RFC 9457 problem+json. */
export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { problem, internal } = toProblem(err, req);
    if (internal) logger.error({ err, requestId: req.id, path: req.originalUrl }, 'request failed');
    if (problem.status === 503) res.setHeader('Retry-After', '5');
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * Compile-time check that a handler's zod type and the OpenAPI-generated type describe the
 * same shape: `checkContract<z.infer<typeof body>, components['schemas']['X']>(true)` fails
 * to compile when they drift apart.
 */
export function checkContract<Zod, Api>(_same: Same<Zod, Api>): void {}
