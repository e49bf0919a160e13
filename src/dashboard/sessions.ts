/**
 * Dashboard sessions: a random id in an HttpOnly, Secure, SameSite=Strict cookie maps to the
 * subscription and the API token that signed in. Kept in memory (a restart signs everyone out),
 * because the token must never reach the browser's JavaScript or the store in clear.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../ports/clock.js';

export const SESSION_COOKIE = 'takt_session';
const IDLE_MS = 8 * 3_600_000;

export interface Session {
  readonly id: string;
  readonly subscriptionId: string;
  readonly token: string;
  /** Sent back by the page in `x-takt-csrf` on every change (double submit: a cross-site page cannot read it). */
  readonly csrf: string;
  lastSeen: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly clock: Clock) {}

  create(subscriptionId: string, token: string): Session {
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
    if (now - s.lastSeen > IDLE_MS) {
      this.sessions.delete(id);
      return undefined;
    }
    s.lastSeen = now;
    return s;
  }

  delete(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
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
