import type { Logger } from '../ports/logger.js';

/** The engine's logger when none is given (tests). */
export const SILENT: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => SILENT,
};
