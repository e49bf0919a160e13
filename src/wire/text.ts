/** Character checks shared by the JSON and XML codecs (written as code-point tests, not regexes with controls). */

/** True when `s` contains a C0 control character or DEL; HTAB is allowed when `allowTab`. */
export function hasControlChar(s: string, allowTab: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && !(allowTab && c === 0x09)) || c === 0x7f) return true;
  }
  return false;
}

/** True when `s` contains whitespace (space included) or a control character. */
export function hasSpaceOrControl(s: string): boolean {
  return s.includes(' ') || hasControlChar(s, false);
}

/**
 * The first character of `s` above U+00FF, or undefined. HTTP sends a header value as bytes, one per
 * character (obs-text reaches 0xFF), so a value holding such a character cannot be sent at all.
 */
export function firstNonLatin1(s: string): string | undefined {
  for (const ch of s) if ((ch.codePointAt(0) ?? 0) > 0xff) return ch;
  return undefined;
}
