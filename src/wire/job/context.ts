import type { WireLimits } from '../../domain/limits.js';
import type { Ticks } from '../../domain/time.js';

/** What the action parsers need besides the JSON itself. */
export interface ActionParseContext {
  readonly limits: WireLimits;
  /** The deployment's minimum retry interval (default 15 s). */
  readonly minRetryIntervalTicks: Ticks;
}

/**
 * Formatting for a response never writes a secret; formatting for the internal PATCH merge
 * document writes them (and leaves out the certificate facts, which are derived, not written).
 */
export type FormatMode = 'public' | 'internal';
