import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Request, Response, NextFunction } from 'express';
import { IDENTITY_HEADER } from '@metrodesk/access';
import { DomainError } from '@metrodesk/errors';
import { upstreamUrl } from './path';

// Hop-by-hop headers never cross a proxy (RFC 9110 §7.6.1).
const HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

export class UpstreamError extends DomainError {
  constructor(service: string) {
    super('upstream_unavailable', 502, `The ${service} service did not answer; try again shortly.`, { service });
  }
}

/**
 * Forwards the request to the configured origin + a normalised `path`, replacing the caller's credentials with the
 * signed identity (cookies go only where `keepCookies` says: the sign-in calls read the
 * refresh-token cookie). A JSON body the gateway already parsed is sent re-serialised; any other
 * body (multipart uploads) is streamed through untouched.
 */
export function forward(service: string, base: string, path: string, identity: string | undefined, timeoutMs: number, keepCookies = false) {
  return (req: Request, res: Response, next: NextFunction) => {
    let target: URL;
    try {
      target = upstreamUrl(base, path);
    } catch (err) {
      return next(err);
    }
    const headers: IncomingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && k !== 'authorization' && (k !== 'cookie' || keepCookies) && k !== IDENTITY_HEADER) headers[k] = v;
    if (identity) headers[IDENTITY_HEADER] = identity;
    headers['x-request-id'] = req.id;
    headers['x-correlation-id'] = req.correlationId;
    headers['x-forwarded-for'] = req.ip;
    let body: Buffer | undefined;
    // The JSON parser has already read the stream: what it parsed is all there is to send.
    if (req.readableEnded && req.body !== undefined) {
      body = Buffer.from(JSON.stringify(req.body));
      headers['content-length'] = String(body.length);
    }
    const upstream = httpRequest(target, { method: req.method, headers, timeout: timeoutMs }, (up) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP.has(k)) out[k] = v;
      res.writeHead(up.statusCode ?? 502, out);
      if (String(up.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        // A live stream: each event goes out as it comes, it may stay quiet longer than the
        // request timeout, and it ends upstream when the caller leaves.
        res.flushHeaders();
        upstream.setTimeout(0);
        res.on('close', () => up.destroy());
      }
      up.pipe(res);
    });
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
    upstream.on('error', () => {
      if (!res.headersSent) next(new UpstreamError(service));
      else res.destroy();
    });
    if (body) upstream.end(body);
    else req.pipe(upstream);
  };
}
