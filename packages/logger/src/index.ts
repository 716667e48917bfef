import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger, type LevelWithSilent, type DestinationStream } from 'pino';

export type { Logger };

/** What every log line written while handling one request or one event carries. */
export interface LogContext {
  requestId?: string;
  correlationId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function runWithContext<T>(ctx: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...ctx }, fn);
}

export function currentContext(): LogContext {
  return storage.getStore() ?? {};
}

/**
 * Personal data never reaches a log line: these paths are censored wherever they appear
 * in a logged object (ID numbers, phones, passwords, tokens).
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'idNumber',
  '*.idNumber',
  '*.*.idNumber',
  'phone',
  '*.phone',
  '*.*.phone',
  'token',
  '*.token',
  'refreshToken',
  '*.refreshToken',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-metrodesk-identity"]',
];

export interface LoggerOptions {
  service: string;
  level?: LevelWithSilent;
  destination?: DestinationStream;
}

export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => ({ ...currentContext() }),
    },
    destination,
  );
}
