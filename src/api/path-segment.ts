/**
 * The `/`-separated path segment that starts at index `start`, percent-decoded; '' when it cannot be
 * decoded (a subscription segment that authenticates nothing). Both surfaces read their
 * subscription id with it, once per API request; decoding is skipped when there is no `%`, as
 * decodeURIComponent costs about 1 µs even with nothing to decode.
 */
export function segmentAt(path: string, start: number): string {
  const end = path.indexOf('/', start);
  const seg = end < 0 ? path.slice(start) : path.slice(start, end);
  if (!seg.includes('%')) return seg;
  try {
    return decodeURIComponent(seg);
  } catch {
    return '';
  }
}
