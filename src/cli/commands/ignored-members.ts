/**
 * The members of a job file that the definition does not have: the API ignores unknown members, as
 * Azure Scheduler did (a client may send more than it knows), so a misspelt `recurence` would make
 * a recurring job a one-time one without a word. The CLI compares the file with the wire document
 * of what it parsed (`definitionToWireDoc`) and names what was left out, so it can warn.
 */
import { obj } from '../output/wire-values.js';
type Doc = Record<string, unknown>;

/** JSON paths of `sent` with a value but no counterpart in `understood` (names matched ignoring case). */
export function ignoredMembers(sent: unknown, understood: unknown, path = ''): string[] {
  const out: string[] = [];
  if (Array.isArray(sent)) {
    const got = Array.isArray(understood) ? understood : [];
    sent.forEach((item, i) => out.push(...ignoredMembers(item, got[i], `${path}[${i}]`)));
    return out;
  }
  const s = obj(sent);
  if (s === undefined) return out;
  const u = obj(understood) ?? {};
  const byName = new Map(Object.keys(u).map((k) => [k.toLowerCase(), k]));
  for (const [key, value] of Object.entries(s)) {
    if (value === null || isEmpty(value)) continue;
    const at = path === '' ? key : `${path}.${key}`;
    const match = byName.get(key.toLowerCase());
    if (match === undefined) out.push(at);
    else out.push(...ignoredMembers(value, u[match], at));
  }
  return out;
}

function isEmpty(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (obj(v) !== undefined && Object.keys(v as Doc).length === 0);
}
