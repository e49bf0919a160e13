/**
 * The count behind the listener's connection caps (docs/operations.md, Connection caps): open
 * connections in total and per client address. Pure bookkeeping; connection-guard.ts applies it to
 * sockets.
 */
import { addressKey } from './address-key.js';

export interface ConnectionLimits {
  /** Connections served normally. */
  readonly maxConnections: number;
  /** Connections from one client address (addressKey: IPv6 by /64). */
  readonly maxPerAddress: number;
  /**
   * Connections accepted beyond maxConnections that only serve the monitoring paths, so a health
   * probe is answered while idle sockets hold every normal slot.
   */
  readonly reserve: number;
}

/** What happens to a new connection: served, served for monitoring only, or closed (and why). */
export type Admission = 'serve' | 'reserve' | 'limit' | 'perAddress';

export class ConnectionLedger {
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(readonly limits: ConnectionLimits) {}

  get open(): number {
    return this.total;
  }

  /** Counts the connection when it is admitted (`serve`, `reserve`); `release` it once it closed. */
  admit(address: string | undefined): Admission {
    const key = addressKey(address);
    const mine = this.byAddress.get(key) ?? 0;
    if (mine >= this.limits.maxPerAddress) return 'perAddress';
    if (this.total >= this.limits.maxConnections + this.limits.reserve) return 'limit';
    const admission = this.total >= this.limits.maxConnections ? 'reserve' : 'serve';
    this.total += 1;
    this.byAddress.set(key, mine + 1);
    return admission;
  }

  release(address: string | undefined): void {
    const key = addressKey(address);
    const mine = this.byAddress.get(key) ?? 0;
    if (mine <= 1) this.byAddress.delete(key);
    else this.byAddress.set(key, mine - 1);
    this.total = Math.max(0, this.total - 1);
  }
}
