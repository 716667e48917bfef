import type { Identity } from '@metrodesk/access';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      id?: string;
      correlationId?: string;
      identity?: Identity;
    }
  }
}

export {};
