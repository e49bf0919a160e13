/**
 * Where a dashboard API proxy request may go. `/dashboard/api/<rest>` is answered by the classic API
 * at `/{session subscription}/<rest>`; `rest` must not be able to leave that prefix.
 *
 * URL parsers disagree about what a path means: the WHATWG parser (used when the proxy injects the
 * request) reads `\` as `/` and `%2e` as `.` and resolves dot segments, a router may decode `%2f`
 * and `%5c` into separators, and a second decoding turns `%252e` into `%2e`. So the rule is not
 * "does one normalisation stay inside" but "no reading of the path has a dot segment at all": the
 * path is decoded again and again (at most four levels, a fifth is refused) and at every level,
 * with both `/` and `\` as separators, no segment may be `.` or `..` (in any spelling of the dot).
 * A classic resource name never is such a segment, so nothing legitimate is refused. The target is
 * then checked once more after the WHATWG normalisation that will actually be applied.
 */

/** Decoding levels tried; a path still changing after these is refused (nobody encodes five times). */
const MAX_DECODINGS = 4;
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

export type ProxyTarget =
  { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

function hasDotSegment(form: string): boolean {
  return form.split(/[/\\]/).some((segment) => DOT_SEGMENT.test(segment));
}

/** Every reading of `path`: as sent, then decoded once, twice…; undefined when it never settles or is malformed. */
function readings(path: string): string[] | undefined {
  const forms = [path];
  let form = path;
  for (let i = 0; i < MAX_DECODINGS; i++) {
    let next: string;
    try {
      next = decodeURIComponent(form);
    } catch {
      return undefined;
    }
    if (next === form) return forms;
    forms.push(next);
    form = next;
  }
  return undefined;
}

/**
 * The in-process URL for `/dashboard/api/<rest>` (`rest` = path and query after the prefix, as sent),
 * or why it is refused.
 */
export function proxyTarget(subscriptionId: string, rest: string): ProxyTarget {
  const q = rest.indexOf('?');
  const path = q >= 0 ? rest.slice(0, q) : rest;
  const query = q >= 0 ? rest.slice(q) : '';
  const forms = readings(path);
  if (forms === undefined) {
    return { ok: false, reason: 'The path is malformed or encoded more than four times.' };
  }
  if (forms.some(hasDotSegment)) {
    return { ok: false, reason: 'Dot segments are not allowed in the path, in any encoding.' };
  }
  const prefix = `/${subscriptionId}/`;
  const url = `${prefix}${path}${query}`;
  // Belt and braces: the normalisation the injected request really gets must keep the prefix.
  if (!new URL(url, 'http://takt.invalid').pathname.startsWith(prefix)) {
    return { ok: false, reason: 'The path leaves the dashboard API.' };
  }
  return { ok: true, url };
}
