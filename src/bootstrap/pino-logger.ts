import { pino, type Logger as Pino } from 'pino';
import type { LogLevel } from '../config/index.js';
import type { Logger } from '../ports/logger.js';

/**
 * Paths pino blanks out before a line is written. Credentials reach logs mostly through request
 * headers (Authorization) and through objects that carry a job's outbound-auth fields; the
 * wildcards catch those one and two levels down.
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  ...['password', 'secret', 'pfx', 'sasToken', 'sasKey', 'token', 'secretKey'].flatMap((f) => [
    f,
    `*.${f}`,
    `*.*.${f}`,
  ]),
];

class PinoLogger implements Logger {
  constructor(readonly pino: Pino) {}
  debug(fields: Record<string, unknown>, msg: string): void {
    this.pino.debug(fields, msg);
  }
  info(fields: Record<string, unknown>, msg: string): void {
    this.pino.info(fields, msg);
  }
  warn(fields: Record<string, unknown>, msg: string): void {
    this.pino.warn(fields, msg);
  }
  error(fields: Record<string, unknown>, msg: string): void {
    this.pino.error(fields, msg);
  }
  child(fields: Record<string, unknown>): Logger {
    return new PinoLogger(this.pino.child(fields));
  }
}

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly nodeId: string;
  /** Where JSON lines go; default standard error, so standard output stays for the start-up message. */
  readonly destination?: NodeJS.WritableStream;
}

/** JSON-lines logger with credentials redacted. */
export function createLogger(options: LoggerOptions): { logger: Logger; pino: Pino } {
  const instance = pino(
    {
      level: options.level,
      base: { node: options.nodeId },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  );
  return { logger: new PinoLogger(instance), pino: instance };
}
