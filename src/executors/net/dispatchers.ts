import { createHash } from 'node:crypto';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import type { EgressPolicy } from '../egress/policy.js';
import { guardedConnector } from './connector.js';

export interface DispatcherPoolOptions {
  readonly policy: EgressPolicy;
  readonly lookup?: LookupFunction;
  readonly extraCaPem?: readonly string[];
  readonly connectionsPerOrigin: number;
  readonly connectTimeoutMs: number;
  /** How many distinct client certificates keep their own connection pool. */
  readonly maxCertificatePools?: number;
}

/** The client certificate could not be opened (wrong password, not PKCS#12). */
export class ClientCertificateError extends Error {}

/**
 * Keep-alive connection pools. One undici Agent (a pool per origin) serves every request without a
 * client certificate; each distinct PFX gets its own Agent, because a TLS client identity is bound
 * to the connection and must never be reused for another job's certificate.
 */
export class DispatcherPool {
  readonly shared: Agent;
  private readonly byCertificate = new Map<string, Agent>();
  private readonly ca: readonly string[] | undefined;
  private closed = false;

  constructor(private readonly options: DispatcherPoolOptions) {
    this.ca = options.extraCaPem?.length ? [...rootCertificates, ...options.extraCaPem] : undefined;
    this.shared = this.agent();
  }

  /** The pool for a base64 PKCS#12 client certificate; throws ClientCertificateError if it cannot be opened. */
  forCertificate(pfxBase64: string, password: string): Agent {
    // After close() no new pool is made: the shared one is destroyed, so the request fails cleanly.
    if (this.closed) return this.shared;
    const key = createHash('sha256').update(pfxBase64).update('\0').update(password).digest('hex');
    const existing = this.byCertificate.get(key);
    if (existing) {
      // Re-insert so that the map's order is least-recently used first.
      this.byCertificate.delete(key);
      this.byCertificate.set(key, existing);
      return existing;
    }
    const pfx = Buffer.from(pfxBase64, 'base64');
    try {
      createSecureContext({ pfx, passphrase: password });
    } catch (err) {
      // OpenSSL's text ("mac verify failure") names no secret.
      const detail = err instanceof Error ? err.message : String(err);
      throw new ClientCertificateError(`The client certificate could not be loaded: ${detail}.`);
    }
    const agent = this.agent(pfx, password);
    this.byCertificate.set(key, agent);
    const max = this.options.maxCertificatePools ?? 100;
    for (const [oldKey, old] of this.byCertificate) {
      if (this.byCertificate.size <= max) break;
      this.byCertificate.delete(oldKey);
      void old.close();
    }
    return agent;
  }

  /**
   * Closes every connection at once. Requests still running fail (a graceful close would wait for
   * them, and a target that never answers would then hold shutdown until the attempt deadline);
   * the engine drains or aborts its attempts before calling this.
   */
  async close(): Promise<void> {
    this.closed = true;
    const agents = [this.shared, ...this.byCertificate.values()];
    this.byCertificate.clear();
    await Promise.all(agents.map((a) => a.destroy()));
  }

  private agent(pfx?: Buffer, passphrase?: string): Agent {
    return new Agent({
      connections: this.options.connectionsPerOrigin,
      // The attempt Deadline bounds headers and body; undici's own 300 s timers would cut a longer
      // configured timeout short and word it differently.
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: guardedConnector({
        policy: this.options.policy,
        ...(this.options.lookup ? { lookup: this.options.lookup } : {}),
        ...(this.ca ? { ca: this.ca } : {}),
        ...(pfx ? { pfx, passphrase: passphrase ?? '' } : {}),
        connectTimeoutMs: this.options.connectTimeoutMs,
      }),
    });
  }
}
