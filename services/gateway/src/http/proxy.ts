import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Request, Response, NextFunction } from 'express';
import { IDENTITY_HEADER } from '@metrodesk/access';
import { DomainError } from '@metrodesk/errors';
import { upstreamUrl } from './path';
import { refused, type Upstream } from './upstream';

// Hop-by-hop headers never cross a proxy (RFC 9110 §7.6.1).
const HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

export class UpstreamError extends DomainError {
  constructor(service: string) {
    super('upstream_unavailable', 502, `The ${service} service did not answer; try again shortly.`, { service });
  }
}

/**
 * Forwards the request to one of the service's replicas + a normalised `path`, replacing the
 * caller's credentials with the signed identity (cookies go only where `keepCookies` says: the
 * sign-in calls read the refresh-token cookie). A JSON body the gateway already parsed is sent
 * re-serialised, and such a request (or one without a body) goes to the next replica when one
 * refuses the connection; any other body (multipart uploads) is streamed through untouched, to
 * one replica.
 */
export function forward(upstream: Upstream, path: string, identity: string | undefined, timeoutMs: number, keepCookies = false) {
  return (req: Request, res: Response, next: NextFunction) => {
    const bases = upstream.order();
    let targets: URL[];
    try {
      targets = bases.map((base) => upstreamUrl(base, path));
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
    const streamed = !body && (Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined);
    const attempt = (k: number): void => {
      const upstreamReq = httpRequest(targets[k]!, { method: req.method, headers, timeout: timeoutMs }, (up) => {
        const out: Record<string, string | string[]> = {};
        for (const [h, v] of Object.entries(up.headers)) if (v !== undefined && !HOP.has(h)) out[h] = v;
        res.writeHead(up.statusCode ?? 502, out);
        if (String(up.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          // A live stream: each event goes out as it comes, it may stay quiet longer than the
          // request timeout, and it ends upstream when the caller leaves.
          res.flushHeaders();
          upstreamReq.setTimeout(0);
          res.on('close', () => up.destroy());
        }
        up.pipe(res);
      });
      upstreamReq.on('timeout', () => upstreamReq.destroy(new Error('upstream timeout')));
      upstreamReq.on('error', (err) => {
        // A replica that refused the connection, or reset a kept-alive one before answering (it
        // was killed: Node's documented case for trying again), never handled the request.
        const neverHandled = refused(err) || (upstreamReq.reusedSocket && (err as { code?: string }).code === 'ECONNRESET');
        if (!streamed && !res.headersSent && neverHandled && k + 1 < targets.length) return attempt(k + 1);
        if (!res.headersSent) next(new UpstreamError(upstream.service));
        else res.destroy();
      });
      if (streamed) req.pipe(upstreamReq);
      else upstreamReq.end(body);
    };
    attempt(0);
  };
}
