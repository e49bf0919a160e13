/**
 * Dashboard sessions: a random id in an HttpOnly, Secure, SameSite=Strict cookie maps to the
 * subscription and the API token that signed in. Kept in memory (a restart signs everyone out),
 * because the token must never reach the browser's JavaScript or the store in clear.
 *
 * The map is bounded (docs/security.md, Dashboard sign-in): at `maxSessions` the session used least
 * recently is dropped (its user signs in again), and a sweeper on the injected clock removes
 * sessions idle for longer than `idleMs` even if nobody uses them again. The sweeper's timer is
 * unref'd where the clock supports it, so it never keeps a stopping process alive.
 */
import { randomBytes } from 'node:crypto';
import type { Clock, TimerHandle } from '../ports/clock.js';

export const SESSION_COOKIE = 'takt_session';
/** A session unused this long is gone. */
export const SESSION_IDLE_MS = 8 * 3_600_000;

export interface Session {
  readonly id: string;
  readonly subscriptionId: string;
  readonly token: string;
  /** Sent back by the page in `x-takt-csrf` on every change (double submit: a cross-site page cannot read it). */
  readonly csrf: string;
  lastSeen: number;
}

export interface SessionStoreOptions {
  /** Sessions kept at most. Default 10 000. */
  readonly maxSessions?: number;
  /** Idle lifetime, ms. Default 8 h. */
  readonly idleMs?: number;
  /** Interval of the expiry sweep, ms. Default 5 min. */
  readonly sweepEveryMs?: number;
  /** Also run at each sweep (the sign-in throttle's own housekeeping). */
  readonly onSweep?: () => void;
}

export class SessionStore {
  /** In order of last use (a used session is moved to the end), so the first is the least recent. */
  private readonly sessions = new Map<string, Session>();
  private readonly maxSessions: number;
  private readonly idleMs: number;
  private readonly sweepEveryMs: number;
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly options: SessionStoreOptions = {},
  ) {
    this.maxSessions = options.maxSessions ?? 10_000;
    this.idleMs = options.idleMs ?? SESSION_IDLE_MS;
    this.sweepEveryMs = options.sweepEveryMs ?? 5 * 60_000;
    this.arm();
  }

  create(subscriptionId: string, token: string): Session {
    while (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    const s: Session = {
      id: randomBytes(32).toString('base64url'),
      subscriptionId,
      token,
      csrf: randomBytes(24).toString('base64url'),
      lastSeen: this.clock.now(),
    };
    this.sessions.set(s.id, s);
    return s;
  }

  get(id: string | undefined): Session | undefined {
    if (id === undefined) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    const now = this.clock.now();
    if (now - s.lastSeen > this.idleMs) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastSeen = now;
    this.sessions.delete(id);
    this.sessions.set(id, s);
    return s;
  }

  delete(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Removes every session idle for longer than the idle lifetime. */
  sweep(): void {
    const now = this.clock.now();
    // In last-use order: the first session still fresh ends the sweep.
    for (const [id, s] of this.sessions) {
      if (now - s.lastSeen <= this.idleMs) break;
      this.sessions.delete(id);
    }
    this.options.onSweep?.();
  }

  /** Stops the sweeper (the server is closing). */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimer(this.clock.now() + this.sweepEveryMs, () => {
      this.sweep();
      this.arm();
    });
    this.timer.unref?.();
  }
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function sessionCookie(id: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}
