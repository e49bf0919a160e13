import { hostnameOf } from './messages.js';

/** A job's URI parsed: the URL the first hop goes to, and the host its history messages name. */
export interface Target {
  readonly url: URL;
  readonly host: string;
}

/** Parsed URIs are kept up to this many; then the map starts over (jobs' targets repeat). */
const MAX_TARGETS = 1024;

/**
 * Job URIs parsed once, not per attempt: every attempt needs the URL (to send) and its host (for
 * the history message), and a job's URI stays the same across its occurrences. The URL is shared:
 * nothing mutates it (a redirect builds a URL of its own, redirect.ts).
 */
export class Targets {
  private readonly parsed = new Map<string, Target>();

  /** The parsed target, or undefined when the URI is not a valid URL. */
  of(uri: string): Target | undefined {
    const known = this.parsed.get(uri);
    if (known !== undefined) return known;
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return undefined;
    }
    const target = { url, host: hostnameOf(url) };
    if (this.parsed.size >= MAX_TARGETS) this.parsed.clear();
    this.parsed.set(uri, target);
    return target;
  }
}
