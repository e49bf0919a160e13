// A keep-alive HTTP sink for the engine, cluster and peer benchmarks: records, for every request,
// its arrival time and the due time the sender says it was for (Takt's
// x-ms-scheduler-expected-execution-time, or the peers' x-due header), and the execution tag.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Arrival {
  readonly at: number;
  readonly due: number;
  readonly tag: string;
}

export class Sink {
  readonly arrivals: Arrival[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];
  private constructor(private readonly server: Server) {}

  /** `failFirst`: answer 500 to the first request of each execution tag (its retry then succeeds). */
  static async start(options: { failFirst?: boolean } = {}): Promise<Sink> {
    const server = createServer({ keepAliveTimeout: 60_000 });
    const sink = new Sink(server);
    const seen = options.failFirst ? new Set<string>() : undefined;
    server.on('request', (req, res) => {
      const at = Date.now();
      const h = req.headers;
      const dueText = (h['x-ms-scheduler-expected-execution-time'] ?? h['x-due']) as string | undefined;
      const due = dueText === undefined ? NaN : /^\d+$/.test(dueText) ? Number(dueText) : Date.parse(dueText);
      const tag = (h['x-ms-execution-tag'] ?? h['x-tag'] ?? '') as string;
      req.resume();
      req.on('end', () => {
        if (seen && !seen.has(tag)) {
          seen.add(tag);
          res.statusCode = 500;
        }
        res.end('ok');
        sink.arrivals.push({ at, due, tag });
        sink.check();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return sink;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hit`;
  }

  /** Resolves once `n` requests arrived, or after `timeoutMs` (the caller reports what it got). */
  waitFor(n: number, timeoutMs: number): Promise<void> {
    if (this.arrivals.length >= n) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(t);
          resolve();
        },
      });
    });
  }

  reset(): void {
    this.arrivals.length = 0;
  }

  private check(): void {
    const n = this.arrivals.length;
    this.waiters = this.waiters.filter((w) => (n >= w.n ? (w.resolve(), false) : true));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface BurstFigures {
  readonly received: number;
  readonly unique: number;
  /** Executions per second from the due time to the last arrival. */
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly early: number;
}

/** Figures of a run in which every job was due at the same instant `due`, or at its own due time. */
export function figures(arrivals: readonly Arrival[], firstDue: number): BurstFigures {
  const late = arrivals.map((a) => a.at - a.due).sort((a, b) => a - b);
  const last = Math.max(...arrivals.map((a) => a.at));
  const q = (p: number): number =>
    late[Math.min(late.length - 1, Math.max(0, Math.ceil((p / 100) * late.length) - 1))] ?? NaN;
  return {
    received: arrivals.length,
    unique: new Set(arrivals.map((a) => a.tag)).size,
    perSecond: arrivals.length / Math.max(0.001, (last - firstDue) / 1000),
    p50: q(50),
    p99: q(99),
    max: late[late.length - 1] ?? NaN,
    early: late.filter((l) => l < 0).length,
  };
}
