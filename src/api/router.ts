/**
 * A small table-driven router for the classic paths (docs/reference/classic-operations.md §1.3): fixed words are
 * case-insensitive, the `~` segment is optional, one trailing slash is tolerated, and segments are
 * percent-decoded with `+` read as a space. Fastify's router cannot express case-insensitive fixed
 * words next to case-preserving parameters, so the API has one catch-all route that calls `match`.
 *
 * Pattern syntax: segments separated by `/`; `:name` is a parameter, `~?` an optional `~`, anything
 * else a fixed word.
 */

export interface RouteSpec<H> {
  readonly name: string;
  readonly pattern: string;
  /** Upper-case method → handler. */
  readonly methods: Readonly<Record<string, H>>;
}

export type RouteMatch<H> =
  | {
      readonly kind: 'found';
      readonly route: RouteSpec<H>;
      readonly handler: H;
      readonly params: Readonly<Record<string, string>>;
      /** `METHOD name`, the metrics label (built once per route and method, not per request). */
      readonly label: string;
    }
  | {
      readonly kind: 'wrong-method';
      readonly route: RouteSpec<H>;
      readonly params: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'none' };

type Token =
  | { readonly kind: 'word'; readonly word: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'tilde' };

interface Compiled<H> {
  readonly spec: RouteSpec<H>;
  readonly tokens: readonly Token[];
  readonly minSegments: number;
  readonly maxSegments: number;
  readonly labels: ReadonlyMap<string, string>;
}

function compile(pattern: string): Token[] {
  return pattern.split('/').map((t): Token => {
    if (t.startsWith(':')) return { kind: 'param', name: t.slice(1) };
    if (t === '~?') return { kind: 'tilde' };
    return { kind: 'word', word: t.toLowerCase() };
  });
}

/** Splits and decodes a request path; undefined when it cannot be decoded or has empty segments. */
export function splitPath(rawPath: string): string[] | undefined {
  let path = rawPath;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (!path.startsWith('/')) return undefined;
  const parts = path.slice(1).split('/');
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    if (p === '') return undefined;
    // Most segments need no decoding; decodeURIComponent and the `+` regex are the router's cost.
    if (!ENCODED.test(p)) continue;
    try {
      parts[i] = decodeURIComponent(p.replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  }
  return parts;
}

const ENCODED = /[%+]/;

/** `lower` holds the segments lower-cased (fixed words are case-insensitive), `segs` as sent. */
function matchTokens(
  tokens: readonly Token[],
  segs: readonly string[],
  lower: readonly string[],
  ti: number,
  si: number,
  params: Record<string, string>,
): boolean {
  if (ti === tokens.length) return si === segs.length;
  const t = tokens[ti];
  if (t === undefined) return false;
  if (t.kind === 'tilde') {
    if (segs[si] === '~' && matchTokens(tokens, segs, lower, ti + 1, si + 1, params)) return true;
    return matchTokens(tokens, segs, lower, ti + 1, si, params);
  }
  const seg = segs[si];
  if (seg === undefined) return false;
  if (t.kind === 'word')
    return lower[si] === t.word && matchTokens(tokens, segs, lower, ti + 1, si + 1, params);
  params[t.name] = seg;
  return matchTokens(tokens, segs, lower, ti + 1, si + 1, params);
}

/**
 * Paths matched lately, with their route and parameters: clients poll the same resources, and the
 * match of a path never changes (the table is fixed), so a repeat skips splitting and decoding.
 */
const RECENT_PATHS = 1_000;
const RECENT_PATH_LENGTH = 512;

interface PathMatch<H> {
  readonly route: Compiled<H>;
  readonly params: Readonly<Record<string, string>>;
}

export class Router<H> {
  private readonly routes: readonly Compiled<H>[];
  private readonly recent = new Map<string, PathMatch<H> | null>();

  constructor(specs: readonly RouteSpec<H>[]) {
    this.routes = specs.map((spec) => {
      const tokens = compile(spec.pattern);
      const optional = tokens.filter((t) => t.kind === 'tilde').length;
      const labels = new Map(Object.keys(spec.methods).map((m) => [m, `${m} ${spec.name}`]));
      return { spec, tokens, minSegments: tokens.length - optional, maxSegments: tokens.length, labels };
    });
  }

  match(method: string, rawPath: string): RouteMatch<H> {
    let found = this.recent.get(rawPath);
    if (found === undefined) {
      found = this.find(rawPath);
      // Bounded in count and size: endless distinct paths only keep resetting it.
      if (rawPath.length <= RECENT_PATH_LENGTH) {
        if (this.recent.size >= RECENT_PATHS) this.recent.clear();
        this.recent.set(rawPath, found);
      }
    }
    if (found === null) return { kind: 'none' };
    const { route, params } = found;
    const upper = method.toUpperCase();
    const handler = route.spec.methods[upper];
    if (handler === undefined) return { kind: 'wrong-method', route: route.spec, params };
    const label = route.labels.get(upper) ?? `${upper} ${route.spec.name}`;
    return { kind: 'found', route: route.spec, handler, params, label };
  }

  /** The route a path matches and its parameters (null: none), whatever the method. */
  private find(rawPath: string): PathMatch<H> | null {
    const segs = splitPath(rawPath);
    if (!segs) return null;
    const lower = segs.map((s) => s.toLowerCase());
    const n = segs.length;
    for (const r of this.routes) {
      // A route can only match a path with as many segments as its tokens, less its optional `~`.
      if (n < r.minSegments || n > r.maxSegments) continue;
      const params: Record<string, string> = {};
      if (matchTokens(r.tokens, segs, lower, 0, 0, params))
        return { route: r, params: Object.freeze(params) };
    }
    return null;
  }
}
