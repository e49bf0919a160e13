import { randomFillSync, randomUUID } from 'node:crypto';
import type { IdSource } from '../ports/ids.js';

/** Bytes fetched from the CSPRNG at once; ids are cut from this pool (as randomUUID does). */
const POOL_BYTES = 4096;
/** The largest time 12 hex digits hold (year 10889). */
const MAX_MS = 0xffff_ffff_ffff;

/**
 * Random identifiers from the operating system's CSPRNG. Every API request takes a 32-hex request
 * id; one `randomBytes(16)` per request was a measurable share of a keep-alive GET, so 16-byte ids
 * are cut from a pool refilled 256 ids at a time. The bytes are as random either way. Request ids
 * (operation ids) are time-ordered: see `requestId`.
 */
export class CryptoIdSource implements IdSource {
  private readonly pool = Buffer.alloc(POOL_BYTES);
  private offset = POOL_BYTES;

  hex32(): string {
    return this.random(16);
  }

  /**
   * 12 hex digits of time, then 80 random bits: unique per request however many share a
   * millisecond. Operation records are keyed by this id; with random ids every insert landed on a
   * random page of that key index, which cost ~15% of a PUT job on SQLite and grew with the table
   * (bench/RESULTS.md, API). The time in an id tells no more than the response's Date header.
   */
  requestId(now: number): string {
    const ms = Math.max(0, Math.min(Math.trunc(now), MAX_MS));
    return ms.toString(16).padStart(12, '0') + this.random(10);
  }

  /** `bytes` random bytes as hex, cut from the pool. */
  private random(bytes: number): string {
    if (this.offset + bytes > POOL_BYTES) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const id = this.pool.toString('hex', this.offset, this.offset + bytes);
    this.offset += bytes;
    return id;
  }

  guid(): string {
    return randomUUID();
  }
}
