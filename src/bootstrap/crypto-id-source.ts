import { randomFillSync, randomUUID } from 'node:crypto';
import type { IdSource } from '../ports/ids.js';

/** Bytes fetched from the CSPRNG at once; ids are cut from this pool (as randomUUID does). */
const POOL_BYTES = 4096;

/**
 * Random identifiers from the operating system's CSPRNG. Every API request takes a 32-hex request
 * id; one `randomBytes(16)` per request was a measurable share of a keep-alive GET, so 16-byte ids
 * are cut from a pool refilled 256 ids at a time. The bytes are as random either way.
 */
export class CryptoIdSource implements IdSource {
  private readonly pool = Buffer.alloc(POOL_BYTES);
  private offset = POOL_BYTES;

  hex32(): string {
    if (this.offset + 16 > POOL_BYTES) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const id = this.pool.toString('hex', this.offset, this.offset + 16);
    this.offset += 16;
    return id;
  }

  guid(): string {
    return randomUUID();
  }
}
