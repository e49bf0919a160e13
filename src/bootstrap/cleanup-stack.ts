import type { Logger } from '../ports/logger.js';

/**
 * What the composition root opened, closed in reverse: every resource registers its own close
 * right after it opens, so shutdown order is start-up order reversed by construction.
 */
export class CleanupStack {
  private readonly closes: { readonly name: string; readonly close: () => Promise<void> | void }[] = [];
  private closing: Promise<void> | undefined;

  constructor(private readonly logger: Logger) {}

  /** Registers the close of a resource just opened; answers the resource. */
  push<T>(name: string, resource: T, close: (resource: T) => Promise<void> | void): T {
    this.closes.push({ name, close: () => close(resource) });
    return resource;
  }

  /** Closes everything, newest first; a failing close is logged and the rest still run. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.closeAll();
    return this.closing;
  }

  private async closeAll(): Promise<void> {
    for (let entry = this.closes.pop(); entry !== undefined; entry = this.closes.pop()) {
      try {
        await entry.close();
      } catch (e) {
        this.logger.warn(
          { resource: entry.name, err: e instanceof Error ? e.message : String(e) },
          'error while stopping',
        );
      }
    }
  }
}
