import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@metrodesk/logger';

export type RequestListener = (req: never, res: never) => void;

/** One HTTP server: listens, and on close stops taking requests and waits for those in flight. */
export class HttpListener {
  private server: Server | undefined;
  private readonly beforeClosing: (() => void | Promise<void>)[] = [];

  constructor(private readonly logger: Logger) {}

  /** Work to do before the server closes, e.g. ending long-lived streams the close would otherwise wait for. */
  beforeClose(fn: () => void | Promise<void>): void {
    this.beforeClosing.push(fn);
  }

  async listen(app: RequestListener, port: number, host: string): Promise<number> {
    const server = createServer(app as never);
    server.keepAliveTimeout = 65000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
    this.server = server;
    const actual = (server.address() as AddressInfo).port;
    this.logger.info({ host, port: actual }, 'listening');
    return actual;
  }

  async close(): Promise<void> {
    for (const fn of this.beforeClosing) await fn();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }
}

/** The start and stop of a process that serves HTTP and holds nothing else (the gateway). */
export function httpLifecycle(app: RequestListener, opts: { defaultPort: number; host: string; logger: Logger }): { start(port?: number): Promise<number>; stop(): Promise<void> } {
  const http = new HttpListener(opts.logger);
  return {
    start: (port = opts.defaultPort) => http.listen(app, port, opts.host),
    stop: () => http.close(),
  };
}
